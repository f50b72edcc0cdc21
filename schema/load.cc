#include "schema/load.h"

#include "schema/lints.h"
#include "schema/manifest_decoder.h"
#include "schema/yaml_tree.h"

namespace clawform {

LoadedManifest load_manifest(const std::string& path, Diagnostics& diagnostics) {
  std::optional<SourceFile> source = read_source_file(path, diagnostics);
  if (!source) return {};
  return load_manifest_source(std::move(*source), diagnostics);
}

LoadedManifest load_manifest_source(SourceFile source, Diagnostics& diagnostics) {
  LoadedManifest loaded;
  loaded.source = std::move(source);
  std::optional<YamlDocument> document = parse_yaml(*loaded.source, diagnostics);
  if (!document) return loaded;
  loaded.manifest = decode_manifest(*document, *loaded.source, diagnostics);
  lint_manifest(*loaded.manifest, diagnostics);
  return loaded;
}

}  // namespace clawform
