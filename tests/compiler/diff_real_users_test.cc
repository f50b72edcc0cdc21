// The diff for topology B on real OS users: owners are desired state, and a
// Linux user that does not linger gets a linger step (which alone restarts
// nothing).
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
openclaw: {version: 2026.9.6}
defaults: {model: anthropic/claude-sonnet-4-6}
topology: B
gateway: {ports: 33000-33120}
projects:
  acme:
    port: 33000
    user: cfu-acme
    gateway_token: {from: env, var: ACME_GATEWAY_TOKEN}
    keys: {ANTHROPIC_API_KEY: {from: env, var: ACME_KEY}}
)";

TEST_CASE("diff, real users: files root owns are drift - a user that does not linger gets a linger step") {
  HostPaths paths = host_paths(HostOs::Linux, "/sandbox", "/unused");
  paths.real_users = true;
  paths.accounts["cfu-acme"] = OsAccount{"cfu-acme", 1500, 1500, "/home/cfu-acme"};
  testing::PlannedFleet p = testing::plan_fleet(kFleet, paths, GivenOpenClaw{testing::kFixtureOpenclaw});
  LiveState live = testing::converged_live(p.desired, "/sandbox");
  InstanceState& i = live.instances.at(0);
  auto own_all = [&](unsigned uid) {
    for (PathState* path : {&i.state_dir_path, &i.files[0].workspace, &i.files[0].secrets.dir,
                            &i.files[0].secrets.key_file, &i.service.file})
      path->uid = uid;
  };
  own_all(0);  // every path root's
  Plan plan = diff(p.manifest, p.desired, live, {}, {});
  const std::vector<std::string> expected = {
      "project.acme.state_dir update (owner differs)",
      "project.acme.workspace update (owner differs)",
      "project.acme.key_file update (owner differs)",
      "project.acme.linger create (/var/lib/systemd/linger/cfu-acme is absent)",
      "project.acme.service update (owner differs)",
      "project.acme.gateway restart (configuration changed)",
      "project.acme.gateway check (after restart)",
      "project.acme.doctor check (after the health check)",
  };
  CHECK_MESSAGE(testing::step_summary(plan) == expected, fmt::format("{}", fmt::join(testing::step_summary(plan), "\n")));
  CHECK(plan.steps[0].before == nlohmann::json{{"mode", "0700"}, {"owner", "uid 0"}, {"type", "dir"}});
  CHECK(plan.steps[0].after == nlohmann::json{{"mode", "0700"}, {"owner", "cfu-acme"}, {"type", "dir"}});
  const LingerTarget& linger = plan.steps[3].as<LingerTarget>();
  CHECK(linger.user == "cfu-acme");
  CHECK(linger.path == "/var/lib/systemd/linger/cfu-acme");

  // Owned by the user and lingering: nothing to do. Lingering alone missing:
  // the linger step, and no gateway restart.
  own_all(1500);
  i.linger = PathState{"/var/lib/systemd/linger/cfu-acme", true, "file", 0644, 0, 0};
  CHECK(diff(p.manifest, p.desired, live, {}, {}).steps.empty());
  i.linger->exists = false;
  const std::vector<std::string> linger_only = {
      "project.acme.linger create (/var/lib/systemd/linger/cfu-acme is absent)"};
  const std::vector<std::string> got = testing::step_summary(diff(p.manifest, p.desired, live, {}, {}));
  CHECK_MESSAGE(got == linger_only, fmt::format("{}", fmt::join(got, "\n")));
}

TEST_CASE("diff, remapped users (--root without --real-users): owners are not compared, nothing lingers") {
  testing::PlannedFleet p = testing::plan_fleet(kFleet, host_paths(HostOs::Linux, "/sandbox", "/unused"), GivenOpenClaw{testing::kFixtureOpenclaw});
  CHECK_FALSE(p.desired.instances.at(0).layout.account);
  LiveState live = testing::converged_live(p.desired, "/sandbox");
  live.instances.at(0).state_dir_path.uid = 4242;
  CHECK(diff(p.manifest, p.desired, live, {}, {}).steps.empty());
}

}  // namespace
}  // namespace clawform
