#include "cli/plan_output.h"

#include <unistd.h>

#include <cstdlib>

#include <fmt/format.h>

#include "backends/os_accounts.h"
#include "compiler/project_filter.h"
#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

// The ticket's boundary table and diagram, from the plan's own copy of the
// manifest and the host it was made for; none when that copy no longer
// validates or an account cannot be resolved (the steps are still shown).
void add_boundaries(const PlanFile& file, MarkdownOptions& options) {
  FileValidation validation = validate_text(file.manifest_path, file.manifest_content, /*strict=*/false);
  if (validation.diagnostics.has_errors() || !validation.manifest) return;
  Manifest manifest = std::move(*validation.manifest);
  if (!file.plan.projects.empty()) {
    Result<Manifest> limited = select_projects(manifest, file.plan.projects);
    if (!limited) return;
    manifest = std::move(*limited);
  }
  const char* home = std::getenv("HOME");
  std::vector<PlanError> errors;
  const HostPaths paths =
      resolve_host_paths(manifest, file.root, home ? home : "", file.real_users, &errors);
  if (!errors.empty()) return;
  options.boundaries = project_boundaries(manifest, layout_instances(manifest, paths));
  options.host_title = manifest.region.empty() ? manifest.fleet : fmt::format("{} ({})", manifest.fleet, manifest.region);
}

}  // namespace

void add_plan_format_flags(CLI::App& app, std::string& format, bool& no_color) {
  app.add_option("--format", format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  app.add_flag("--no-color", no_color, "No ANSI colour, even on a terminal");
}

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

std::string render_plan(const PlanFile& file, const std::string& format, bool color, const std::string& full_plan) {
  if (format == "json") return plan_file_bytes(PlanFile(file));
  if (format == "markdown") {
    MarkdownOptions options{.full_plan = full_plan};
    add_boundaries(file, options);
    return render_plan_markdown(file.plan, options);
  }
  return render_plan_text(file.plan, color);
}

}  // namespace clawform::cli
