// Which openclaw an instance runs: the given one when it is the pin, else
// the release clawform installs (compiler/instance_openclaw.h).
#include <doctest/doctest.h>

#include "compiler/instance_openclaw.h"

namespace clawform {
namespace {

Manifest fleet() {
  Manifest m;
  m.topology = Topology::C;
  m.openclaw.version = "2026.9.6";
  m.openclaw.node_major = 24;
  Project acme;
  acme.name = "acme";
  Project internal;
  internal.name = "internal";
  internal.canary = true;
  internal.openclaw_version = "2026.9.7";
  m.projects = {acme, internal};
  return m;
}

InstanceLayout serving(const std::string& project) {
  InstanceLayout layout;
  layout.instance = project;
  layout.projects = {{project, "", "", ""}};
  return layout;
}

const HostPaths paths = host_paths(HostOs::Linux, "/sandbox", "");

TEST_CASE("instance openclaw: the given binary serves its own version on the pinned Node major") {
  const GivenOpenClaw given{"/usr/local/bin/openclaw", "2026.9.6", "24.21.0"};
  const InstanceOpenClaw acme = instance_openclaw(fleet(), paths, serving("acme"), given);
  CHECK(acme.binary == "/usr/local/bin/openclaw");
  CHECK(acme.version == "2026.9.6");
  CHECK_FALSE(acme.release);
}

TEST_CASE("instance openclaw: another version runs from its release prefix") {
  const GivenOpenClaw given{"/usr/local/bin/openclaw", "2026.9.6", "24.21.0"};
  const InstanceOpenClaw canary = instance_openclaw(fleet(), paths, serving("internal"), given);
  CHECK(canary.binary == "/sandbox/opt/clawform/openclaw/2026.9.7-node24/bin/openclaw");
  CHECK(canary.version == "2026.9.7");
  REQUIRE(canary.release);
  CHECK(*canary.release == OpenClawRelease{"2026.9.7", 24});
}

TEST_CASE("instance openclaw: the pinned version on another Node major runs from a release too") {
  const GivenOpenClaw given{"/usr/local/bin/openclaw", "2026.9.6", "22.11.0"};
  const InstanceOpenClaw acme = instance_openclaw(fleet(), paths, serving("acme"), given);
  CHECK(acme.binary == "/sandbox/opt/clawform/openclaw/2026.9.6-node24/bin/openclaw");
  CHECK(acme.release);
}

TEST_CASE("instance openclaw: a given binary that cannot tell its version is not replaced on a guess") {
  const GivenOpenClaw given{"/usr/local/bin/openclaw", std::nullopt, std::nullopt};
  CHECK(instance_openclaw(fleet(), paths, serving("internal"), given).binary == "/usr/local/bin/openclaw");
}

}  // namespace
}  // namespace clawform
