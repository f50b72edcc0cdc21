// The version pin: what a plan calls drift, word for word.
#include <doctest/doctest.h>

#include "compiler/version_pin.h"

namespace clawform {
namespace {

InstanceState instance(const std::string& project, std::optional<std::string> openclaw,
                       std::optional<std::string> node) {
  InstanceState i;
  i.instance = project;
  i.projects = {project};
  i.openclaw_version = std::move(openclaw);
  i.node_version = std::move(node);
  return i;
}

Manifest pinned(const std::string& version, int node_major) {
  Manifest m;
  m.openclaw.version = version;
  m.openclaw.node_major = node_major;
  return m;
}

TEST_CASE("version pin: a host running the pinned versions has no drift - Node is compared by its major") {
  LiveState live;
  live.instances = {instance("acme", "2026.9.6", "24.21.0"), instance("globex", "2026.9.6", "24.0.1")};
  CHECK(version_drift(pinned("2026.9.6", 24), DesiredState{}, live).empty());
}

TEST_CASE("version pin: each difference once per host version, openclaw first, naming the projects") {
  LiveState live;
  live.instances = {instance("acme", "2026.9.6", "24.21.0"), instance("globex", "2026.9.6", "22.11.0"),
                    instance("initech", "2026.9.6", std::nullopt)};
  InstanceState removed = instance("oldclient", "2026.1.1", "18.0.0");
  live.removed = {removed};  // remove_projects' instances are not compared
  std::vector<VersionDrift> drift = version_drift(pinned("2026.9.5", 24), DesiredState{}, live);
  REQUIRE(drift.size() == 3);
  CHECK(drift[0] == VersionDrift{"openclaw", "2026.9.6", "2026.9.5", {"acme", "globex", "initech"}});
  CHECK(drift[1] == VersionDrift{"node", "22.11.0", "24", {"globex"}});
  CHECK(drift[2] == VersionDrift{"node", "unknown", "24", {"initech"}});
  CHECK(describe_drift(drift[0]) ==
        "openclaw: the host runs 2026.9.6, the manifest pins 2026.9.5 (projects acme, globex, initech)");
  CHECK(describe_drift(drift[1]) == "node: the host runs 22.11.0, the manifest pins Node 24 (project globex)");
  CHECK(describe_drift(drift[2]) == "node: the host's node version is unknown, the manifest pins Node 24 (project initech)");
  std::vector<std::string> refusal = version_refusal({drift[0]});
  REQUIRE(refusal.size() == 2);
  CHECK(refusal[0] ==
        "the host does not run the versions the manifest pins (openclaw.version, openclaw.node_major); apply refuses "
        "until they agree: install the pinned versions, or pin what the host runs, then make a new plan:");
  CHECK(refusal[1] == "  openclaw: the host runs 2026.9.6, the manifest pins 2026.9.5 (projects acme, globex, initech)");
}

TEST_CASE("version pin: an instance is held to its project's own version - else to the fleet's") {
  Manifest m = pinned("2026.9.5", 24);
  Project canary;
  canary.name = "internal";
  canary.canary = true;
  canary.openclaw_version = "2026.9.6";
  Project acme;
  acme.name = "acme";
  m.projects = {canary, acme};
  LiveState live;
  live.instances = {instance("internal", "2026.9.5", "24.21.0"), instance("acme", "2026.9.5", "24.21.0")};
  std::vector<VersionDrift> drift = version_drift(m, DesiredState{}, live);
  REQUIRE(drift.size() == 1);
  CHECK(drift[0] == VersionDrift{"openclaw", "2026.9.5", "2026.9.6", {"internal"}});
  CHECK(describe_drift(drift[0]) == "openclaw: the host runs 2026.9.5, the manifest pins 2026.9.6 (project internal)");

  live.instances = {instance("internal", "2026.9.6", "24.21.0"), instance("acme", "2026.9.5", "24.21.0")};
  CHECK(version_drift(m, DesiredState{}, live).empty());
  // Two instances on one host version, pinned to two: an entry each.
  live.instances = {instance("internal", "2026.9.4", "24.21.0"), instance("acme", "2026.9.4", "24.21.0")};
  drift = version_drift(m, DesiredState{}, live);
  REQUIRE(drift.size() == 2);
  CHECK(drift[0] == VersionDrift{"openclaw", "2026.9.4", "2026.9.6", {"internal"}});
  CHECK(drift[1] == VersionDrift{"openclaw", "2026.9.4", "2026.9.5", {"acme"}});
}

TEST_CASE("version pin: a Node version that is not major.minor.patch is no match") {
  LiveState live;
  live.instances = {instance("acme", "2026.9.6", "v24.21.0")};
  REQUIRE(version_drift(pinned("2026.9.6", 24), DesiredState{}, live).size() == 1);
  live.instances = {instance("acme", "2026.9.6", "240.1.0")};
  REQUIRE(version_drift(pinned("2026.9.6", 24), DesiredState{}, live).size() == 1);
}

}  // namespace
}  // namespace clawform
