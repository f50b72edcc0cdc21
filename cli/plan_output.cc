#include "cli/plan_output.h"

#include <unistd.h>

#include <cstdlib>

#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"

namespace clawform::cli {

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
