// clawform validate FILE... [--format text|json] [--strict]
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "schema/diagnostic_json.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> files;
  std::string format = "text";
  bool strict = false;
};

int run_validate(const ValidateOptions& options) {
  Diagnostics all(static_cast<std::size_t>(-1));
  bool valid = true;
  std::string text;
  for (const std::string& file : options.files) {
    FileValidation validation = validate_file(file, options.strict);
    valid = valid && !validation.diagnostics.has_errors();
    for (const Diagnostic& d : validation.diagnostics.items()) all.add(d);
    text += render_validation_text(validation);
  }
  if (options.format == "json") text = diagnostics_to_json(all).dump(2) + "\n";
  std::fputs(text.c_str(), stdout);
  return valid ? 0 : 1;
}

}  // namespace

Command add_validate_command(CLI::App& root) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* app = root.add_subcommand("validate", "Check fleet manifests and report every problem found");
  app->add_option("files", options->files, "Manifest files (fleet.yaml)")->required();
  app->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app->add_flag("--strict", options->strict, "Treat warnings as errors");
  return {app, [options] { return run_validate(*options); }};
}

}  // namespace clawform::cli
