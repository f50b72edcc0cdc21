#include "cli/plan_output.h"

#include <unistd.h>

#include <cstdlib>

#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"

namespace clawform::cli {

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
  if (format == "markdown") return render_plan_markdown(file.plan, {.full_plan = full_plan});
  return render_plan_text(file.plan, color);
}

}  // namespace clawform::cli
