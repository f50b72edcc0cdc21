#pragma once
// What differs between a saved plan and the plan the host calls for now:
// how apply names the drift that makes a saved plan stale.

#include <map>
#include <string>
#include <vector>

#include "compiler/plan.h"

namespace clawform {

// One line per step that differs, in the saved plan's order, then steps
// only the new plan has: "project.acme.config: when planned gateway.port
// was 18789, now 18790". Empty when both plans would do the same.
// `explained` (address -> line, from key_drift.h) says better why a step
// differs: its line replaces the generic one, and is added for a step
// that is alike in both plans.
std::vector<std::string> plan_differences(const Plan& saved, const Plan& now,
                                          const std::map<std::string, std::string>& explained = {});

}  // namespace clawform
