// The openclaw step (docs/upgrades.md): an instance whose service runs
// another binary than the one it must run is moved by a step before its
// config; a new instance on a release gets the release installed; one that
// already runs its binary gets nothing; a given openclaw that cannot tell its
// version is drift, never a guess.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/digest.h"
#include "compiler/desired.h"
#include "compiler/diff.h"
#include "schema/validate.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

const std::string kFleet = R"(apiVersion: clawform/v1
fleet: t
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6, node_major: 24}
defaults: {model: anthropic/claude-sonnet-4-6}
topology: C
gateway: {ports: 38000-38399}
projects:
  acme:
    port: 38000
    gateway_token: {from: env, var: ACME_GATEWAY_TOKEN}
  internal:
    port: 38200
    canary: true
    openclaw: {version: 2026.9.7}
    gateway_token: {from: env, var: INTERNAL_GATEWAY_TOKEN}
)";

constexpr const char* kGiven = "/usr/local/bin/openclaw";
constexpr const char* kRelease = "/sandbox/opt/clawform/openclaw/2026.9.7-node24/bin/openclaw";

struct Planned {
  Manifest manifest;
  DesiredState desired;
};

Planned plan_for(const GivenOpenClaw& given) {
  FileValidation v = validate_text("fleet.yaml", kFleet, false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  testing::CanarySecrets secrets;
  KeyedDigester digester(testing::kFixtureDigestKey);
  std::vector<PlanError> errors;
  DesiredState desired =
      compile_desired(*v.manifest, host_paths(HostOs::Linux, "/sandbox", ""), given, secrets, digester, errors);
  REQUIRE(errors.empty());
  return {*v.manifest, std::move(desired)};
}

std::vector<std::string> summary(const Plan& plan) {
  std::vector<std::string> out;
  for (const Step& s : plan.steps)
    out.push_back(s.address + " " + std::string(action_name(s.action)) + " (" + s.reason + ")");
  return out;
}

const Step* step_at(const Plan& plan, const std::string& address) {
  for (const Step& s : plan.steps)
    if (s.address == address) return &s;
  return nullptr;
}

TEST_CASE("diff, openclaw: a new instance on a release installs it before its config - the other runs the given one") {
  Planned p = plan_for({kGiven, "2026.9.6", "24.21.0"});
  Plan plan = diff(p.manifest, p.desired, testing::fresh_live(p.desired, "/sandbox"), {}, {});
  CHECK(step_at(plan, "project.acme.openclaw") == nullptr);
  const Step* release = step_at(plan, "project.internal.openclaw");
  REQUIRE(release);
  CHECK(release->action == Action::Create);
  const OpenClawTarget& target = release->as<OpenClawTarget>();
  CHECK(target.version == "2026.9.7");
  CHECK(target.binary == kRelease);
  CHECK(target.node_major == 24);
  // After the instance's key file, before its config.
  const std::vector<std::string> got = summary(plan);
  auto at = [&](const std::string& prefix) {
    return std::find_if(got.begin(), got.end(), [&](const std::string& s) { return s.rfind(prefix, 0) == 0; }) - got.begin();
  };
  CHECK(at("project.internal.key_file") < at("project.internal.openclaw"));
  CHECK(at("project.internal.openclaw") < at("project.internal.config"));
  CHECK(plan.instance_openclaw == std::map<std::string, std::string>{{"internal", kRelease}});
  CHECK(p.desired.instances.at(1).service_content.find(kRelease) != std::string::npos);
  CHECK(p.desired.instances.at(0).service_content.find(kGiven) != std::string::npos);
  CHECK(plan.version_drift.empty());
}

TEST_CASE("diff, openclaw: converged - nothing to do") {
  Planned p = plan_for({kGiven, "2026.9.6", "24.21.0"});
  Plan plan = diff(p.manifest, p.desired, testing::converged_live(p.desired, "/sandbox"), {}, {});
  CHECK_MESSAGE(plan.steps.empty(), fmt::format("{}", fmt::join(summary(plan), "\n")));
  CHECK(plan.version_drift.empty());
}

TEST_CASE("diff, openclaw: an upgrade - the service runs the given 2026.9.6 and must run the 2026.9.7 release") {
  Planned p = plan_for({kGiven, "2026.9.6", "24.21.0"});
  LiveState live = testing::converged_live(p.desired, "/sandbox");
  InstanceState& internal = live.instances.at(1);
  internal.openclaw_binary = kGiven;
  internal.openclaw_version = "2026.9.6";
  internal.service.content_digest = "sha256:an-older-service-file";
  Plan plan = diff(p.manifest, p.desired, live, {}, {});
  const std::vector<std::string> expected = {
      "project.internal.openclaw update (version differs)",
      "project.internal.service update (content differs)",
      "project.internal.gateway restart (configuration changed)",
      "project.internal.gateway check (after restart)",
      "project.internal.doctor check (after the health check)",
  };
  CHECK_MESSAGE(summary(plan) == expected, fmt::format("{}", fmt::join(summary(plan), "\n")));
  const Step& step = plan.steps.at(0);
  CHECK(step.before == nlohmann::json{{"binary", kGiven}, {"version", "2026.9.6"}});
  CHECK(step.after == nlohmann::json{{"binary", kRelease}, {"version", "2026.9.7"}});
  CHECK(plan.version_drift.empty());  // a step moves it: not drift
}

TEST_CASE("diff, openclaw: a given openclaw that cannot tell its version is drift - nothing installed on a guess") {
  Planned p = plan_for({kGiven, std::nullopt, std::nullopt});
  LiveState live = testing::fresh_live(p.desired, "/sandbox");
  for (InstanceState& i : live.instances) i.openclaw_version.reset();
  Plan plan = diff(p.manifest, p.desired, live, {}, {});
  CHECK(step_at(plan, "project.internal.openclaw") == nullptr);
  CHECK(plan.instance_openclaw.empty());
  REQUIRE_FALSE(plan.version_drift.empty());
  CHECK(plan.version_drift.front().what == "openclaw");
  CHECK(plan.version_drift.front().host == "unknown");
}

}  // namespace
}  // namespace clawform
