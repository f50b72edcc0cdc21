#pragma once
// What differs between a saved plan and the plan the host calls for now:
// how apply names the drift that makes a saved plan stale.

#include <string>
#include <vector>

#include "compiler/plan.h"

namespace clawform {

// One line per step that differs, in the saved plan's order, then steps
// only the new plan has: "project.acme.config: when planned gateway.port
// was 18789, now 18790". Empty when both plans would do the same.
std::vector<std::string> plan_differences(const Plan& saved, const Plan& now);

}  // namespace clawform
