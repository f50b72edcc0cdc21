#pragma once
// Rendering a plan for `plan` and `show`: one of the three formats, colour
// only on a terminal without NO_COLOR.

#include <string>

#include "compiler/plan_file.h"

namespace clawform::cli {

inline const std::vector<std::string> kPlanFormats = {"text", "json", "markdown"};

// True when stdout is a terminal and NO_COLOR is unset or empty.
bool stdout_wants_color();

// `full_plan` is where a Markdown reader finds the whole plan.
std::string render_plan(const PlanFile& file, const std::string& format, bool color, const std::string& full_plan);

}  // namespace clawform::cli
