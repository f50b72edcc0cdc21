#include "tests/support/planned_fleet.h"

#include <stdexcept>

#include <fmt/format.h>

#include "backends/digest.h"
#include "schema/validate.h"
#include "tests/support/synthetic_host.h"

namespace clawform::testing {

PlannedFleet plan_fleet(const std::string& yaml, const HostPaths& paths, const GivenOpenClaw& given) {
  FileValidation v = validate_text("fleet.yaml", yaml, false);
  if (v.diagnostics.has_errors()) throw std::runtime_error(render_validation_text(v));
  CanarySecrets secrets;
  KeyedDigester digester(kFixtureDigestKey);
  std::vector<PlanError> errors;
  DesiredState desired = compile_desired(*v.manifest, paths, given, secrets, digester, errors);
  if (!errors.empty()) throw std::runtime_error(fmt::format("{} plan error(s), the first: {}", errors.size(), errors.front().message));
  return {*v.manifest, std::move(desired)};
}

std::vector<std::string> step_summary(const Plan& plan) {
  std::vector<std::string> out;
  for (const Step& s : plan.steps)
    out.push_back(s.address + " " + std::string(action_name(s.action)) + " (" + s.reason + ")");
  return out;
}

const Step* find_step(const Plan& plan, const std::string& address) {
  for (const Step& s : plan.steps)
    if (s.address == address) return &s;
  return nullptr;
}

}  // namespace clawform::testing
