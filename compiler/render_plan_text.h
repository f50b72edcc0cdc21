#pragma once
// A plan as the operator reads it in a terminal or a CI log: one line per
// step in execution order, its before/after underneath, the unmanaged
// things left alone, and the summary line. Deterministic: same plan, same
// bytes. Colour (ANSI) only when asked for.

#include <string>
#include <vector>

#include "compiler/plan.h"

namespace clawform {

// "+", "~", "-", "-/+", "^", "=".
std::string_view action_marker(Action action);

// "Plan: 3 to create, 2 to update, 0 to delete, 1 restart." (", 1 to
// replace" joins when anything is replaced), or "No changes." when none.
std::string plan_summary_line(const Plan& plan);

// A plan made offline (Plan::recorded_state set): "Planned offline from the
// live state recorded in FILE: ..." with FILE as the caller shows it (the
// Markdown render quotes it), no line end. Shared by the text and Markdown
// renders.
std::string offline_notice(std::string_view file_shown);

// The value of a before/after field, compact: 18789, "loopback", {"mode":"0700"}.
std::string compact_value(const nlohmann::json& value);

// What a step changes, a line each: for objects one line per field
// ("gateway.port: 18788 -> 18789"; a create lists every field, an update
// only those that differ), else "before -> after". Sensitive values are
// already masked in the step; a changed secret adds a line saying so. A
// check lists what it passes on ("passes_on: /health live, /startupz started").
std::vector<std::string> change_details(const Step& step);

std::string render_plan_text(const Plan& plan, bool color);

}  // namespace clawform
