#pragma once
// A manifest text compiled to its desired state on a synthetic host, and
// the plan queries the diff tests share.

#include <string>
#include <vector>

#include "compiler/desired.h"
#include "compiler/plan.h"
#include "schema/model.h"

namespace clawform::testing {

struct PlannedFleet {
  Manifest manifest;
  DesiredState desired;
};

// Validates `yaml` and compiles it for `paths` with canary secrets and the
// fixture digest key. Throws std::runtime_error holding the rendered
// diagnostics or plan errors when either has any (a test's failure message).
PlannedFleet plan_fleet(const std::string& yaml, const HostPaths& paths, const GivenOpenClaw& given);

// One line per step: "ADDRESS ACTION (REASON)", in plan order.
std::vector<std::string> step_summary(const Plan& plan);

// The step at `address`, or nullptr.
const Step* find_step(const Plan& plan, const std::string& address);

}  // namespace clawform::testing
