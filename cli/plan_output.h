#pragma once
// Rendering a plan for `plan` and `show`: one of the three formats, colour
// only on a terminal without NO_COLOR.

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "compiler/plan_file.h"

namespace clawform::cli {

// --format text|json|markdown and --no-color, as plan and show take them.
void add_plan_format_flags(CLI::App& app, std::string& format, bool& no_color);

// True when stdout is a terminal and NO_COLOR is unset or empty.
bool stdout_wants_color();

// `full_plan` is where a Markdown reader finds the whole plan.
std::string render_plan(const PlanFile& file, const std::string& format, bool color, const std::string& full_plan);

}  // namespace clawform::cli
