// clawform schema [--format json|markdown]
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "schema/json_schema.h"

namespace clawform::cli {

Command add_schema_command(CLI::App& root) {
  auto format = std::make_shared<std::string>("json");
  CLI::App* app = root.add_subcommand(
      "schema", "Print the manifest's JSON Schema (draft 2020-12), or its field reference as Markdown");
  app->add_option("--format", *format, "json: the JSON Schema; markdown: the reference tables of docs/manifest.md")
      ->check(CLI::IsMember({"json", "markdown"}))
      ->capture_default_str();
  return {app, [format] {
            std::string out = *format == "markdown" ? clawform::manifest_reference_markdown()
                                                    : clawform::manifest_json_schema().dump(2) + "\n";
            std::fputs(out.c_str(), stdout);
            return 0;
          }};
}

}  // namespace clawform::cli
