// The openclaw step (docs/upgrades.md): an instance whose service runs
// another binary than the one it must run is moved by a step before its
// config; a new instance on a release gets the release installed; one that
// already runs its binary gets nothing; a given openclaw that cannot tell its
// version is drift, never a guess.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/desired.h"
#include "compiler/diff.h"
#include "compiler/instance_layout.h"
#include "tests/support/planned_fleet.h"
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

TEST_CASE("diff, openclaw: a new instance on a release installs it before its config - the other runs the given one") {
  testing::PlannedFleet p = testing::plan_fleet(kFleet, host_paths(HostOs::Linux, "/sandbox", ""), GivenOpenClaw{kGiven, "2026.9.6", "24.21.0"});
  Plan plan = diff(p.manifest, p.desired, testing::fresh_live(p.desired, "/sandbox"), {}, {});
  CHECK(testing::find_step(plan, "project.acme.openclaw") == nullptr);
  const Step* release = testing::find_step(plan, "project.internal.openclaw");
  REQUIRE(release);
  CHECK(release->action == Action::Create);
  const OpenClawTarget& target = release->as<OpenClawTarget>();
  CHECK(target.version == "2026.9.7");
  CHECK(target.binary == kRelease);
  CHECK(target.node_major == 24);
  // After the instance's key file, before its config.
  const std::vector<std::string> got = testing::step_summary(plan);
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
  testing::PlannedFleet p = testing::plan_fleet(kFleet, host_paths(HostOs::Linux, "/sandbox", ""), GivenOpenClaw{kGiven, "2026.9.6", "24.21.0"});
  Plan plan = diff(p.manifest, p.desired, testing::converged_live(p.desired, "/sandbox"), {}, {});
  CHECK_MESSAGE(plan.steps.empty(), fmt::format("{}", fmt::join(testing::step_summary(plan), "\n")));
  CHECK(plan.version_drift.empty());
}

TEST_CASE("diff, openclaw: an upgrade - the service runs the given 2026.9.6 and must run the 2026.9.7 release") {
  testing::PlannedFleet p = testing::plan_fleet(kFleet, host_paths(HostOs::Linux, "/sandbox", ""), GivenOpenClaw{kGiven, "2026.9.6", "24.21.0"});
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
  CHECK_MESSAGE(testing::step_summary(plan) == expected, fmt::format("{}", fmt::join(testing::step_summary(plan), "\n")));
  const Step& step = plan.steps.at(0);
  CHECK(step.before == nlohmann::json{{"binary", kGiven}, {"version", "2026.9.6"}});
  CHECK(step.after == nlohmann::json{{"binary", kRelease}, {"version", "2026.9.7"}});
  CHECK(plan.version_drift.empty());  // a step moves it: not drift
}

TEST_CASE("diff, openclaw: a given openclaw that cannot tell its version is drift - nothing installed on a guess") {
  testing::PlannedFleet p = testing::plan_fleet(kFleet, host_paths(HostOs::Linux, "/sandbox", ""), GivenOpenClaw{kGiven, std::nullopt, std::nullopt});
  LiveState live = testing::fresh_live(p.desired, "/sandbox");
  for (InstanceState& i : live.instances) i.openclaw_version.reset();
  Plan plan = diff(p.manifest, p.desired, live, {}, {});
  CHECK(testing::find_step(plan, "project.internal.openclaw") == nullptr);
  CHECK(plan.instance_openclaw.empty());
  REQUIRE_FALSE(plan.version_drift.empty());
  CHECK(plan.version_drift.front().what == "openclaw");
  CHECK(plan.version_drift.front().host == "unknown");
}

}  // namespace
}  // namespace clawform
