#include "schema/validate.h"

#include <fmt/format.h>

#include "schema/load.h"

namespace clawform {

namespace {

FileValidation finish(FileValidation v, LoadedManifest loaded, bool strict) {
  if (loaded.source) v.source = std::move(loaded.source->text);
  v.manifest = std::move(loaded.manifest);
  if (strict) v.diagnostics.promote_warnings();
  v.diagnostics.sort();
  return v;
}

}  // namespace

FileValidation validate_file(const std::string& path, bool strict) {
  FileValidation v{path, {}, Diagnostics(), std::nullopt};
  LoadedManifest loaded = load_manifest(path, v.diagnostics);
  return finish(std::move(v), std::move(loaded), strict);
}

FileValidation validate_text(const std::string& name, const std::string& text, bool strict) {
  FileValidation v{name, {}, Diagnostics(), std::nullopt};
  LoadedManifest loaded = load_manifest_source(SourceFile{name, text}, v.diagnostics);
  return finish(std::move(v), std::move(loaded), strict);
}

std::string render_validation_text(const FileValidation& v) {
  std::string out;
  for (const Diagnostic& d : v.diagnostics.items()) out += render_diagnostic(d, v.source);
  auto count = [](std::size_t n, const char* what) { return fmt::format("{} {}{}", n, what, n == 1 ? "" : "s"); };
  const Diagnostics& d = v.diagnostics;
  out += fmt::format("{}: {}", v.file, d.has_errors() ? "invalid" : "valid");
  if (d.error_count()) out += ", " + count(d.error_count(), "error");
  if (d.warning_count()) out += ", " + count(d.warning_count(), "warning");
  if (d.dropped()) out += fmt::format(" ({} not shown)", d.dropped());
  return out + "\n";
}

}  // namespace clawform
