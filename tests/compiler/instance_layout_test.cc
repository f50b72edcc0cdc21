#include <doctest/doctest.h>

#include "compiler/instance_layout.h"
#include "schema/load.h"

namespace clawform {
namespace {

Manifest load(const std::string& path) {
  Diagnostics d;
  LoadedManifest loaded = load_manifest(path, d);
  REQUIRE_FALSE(d.has_errors());
  return *loaded.manifest;
}

TEST_CASE("layout: topology C under --root - one profile instance per project") {
  Manifest m = load("examples/three-clients.yaml");
  HostPaths paths = host_paths(m.host.os, "/sandbox", "/home/real");
  CHECK(paths.operator_home == "/sandbox/Users/operator");
  CHECK(paths.clawform_dir == "/sandbox/.clawform");
  auto layouts = layout_instances(m, paths);
  REQUIRE(layouts.size() == 3);
  const InstanceLayout& acme = layouts[0];
  CHECK(acme.instance == "acme");
  CHECK(acme.profile == "acme");
  CHECK(acme.home == "/sandbox/Users/operator");
  CHECK(acme.state_dir == "/sandbox/Users/operator/.openclaw-acme");
  CHECK(acme.config_path == "/sandbox/Users/operator/.openclaw-acme/openclaw.json");
  CHECK(acme.port == 18789);
  CHECK(acme.service_manager == "launchd");
  CHECK(acme.service_file == "/sandbox/Users/operator/Library/LaunchAgents/ai.openclaw.acme.plist");
  CHECK(acme.pid_file == "/sandbox/.clawform/run/acme.pid");
  REQUIRE(acme.projects.size() == 1);
  CHECK(acme.projects[0].workspace == "/sandbox/Users/operator/.openclaw-acme/workspace");
  CHECK(acme.projects[0].key_file == "/sandbox/Users/operator/.openclaw-acme/.env");
  CHECK(layouts[2].port == 19029);
}

TEST_CASE("layout: topology A is one instance - B is one per user - Linux uses systemd units") {
  Manifest a = load("examples/three-projects.yaml");
  auto la = layout_instances(a, host_paths(a.host.os, "", "/Users/ops"));
  REQUIRE(la.size() == 1);
  CHECK(la[0].state_dir == "/Users/ops/.openclaw");
  CHECK(la[0].service_name == "ai.openclaw.gateway");
  REQUIRE(la[0].projects.size() == 3);
  CHECK(la[0].projects[1].workspace == "/Users/ops/.openclaw/workspace-globex");
  CHECK(la[0].projects[1].key_file == "/Users/ops/.openclaw/projects/globex/keys.env");

  Manifest b = load("fixtures/manifests/valid/key-sources.yaml");
  auto lb = layout_instances(b, host_paths(b.host.os, "/r", "/home/ops"));
  REQUIRE(lb.size() == 2);
  CHECK(lb[1].os_user == "pilot");
  CHECK(lb[1].home == "/r/home/pilot");
  CHECK(lb[1].state_dir == "/r/home/pilot/.openclaw");
  CHECK(lb[1].projects[0].workspace == "/r/home/pilot/work/pilot");
  CHECK(lb[1].service_file == "/r/home/pilot/.config/systemd/user/openclaw-gateway.service");
}

TEST_CASE("layout: B on real users - the account's home, its uid, and (Linux) its linger file") {
  Manifest b = load("fixtures/manifests/valid/key-sources.yaml");
  HostPaths paths = host_paths(b.host.os, "/r", "/home/ops");
  CHECK_FALSE(paths.real_users);  // under --root only when asked
  paths.real_users = true;
  paths.accounts["pilot"] = OsAccount{"pilot", 1501, 1600, "/srv/homes/pilot"};
  auto lb = layout_instances(b, paths);
  REQUIRE(lb.size() == 2);
  REQUIRE(lb[1].account);
  CHECK(lb[1].account->uid == 1501);
  CHECK(lb[1].home == "/srv/homes/pilot");  // the account's, not under --root
  CHECK(lb[1].state_dir == "/srv/homes/pilot/.openclaw");
  CHECK(lb[1].service_file == "/srv/homes/pilot/.config/systemd/user/openclaw-gateway.service");
  CHECK(lb[1].linger_file == "/var/lib/systemd/linger/pilot");
  CHECK(lb[1].pid_file == "/r/.clawform/run/pilot.pid");  // clawform's own files stay under --root
  // A user without an account keeps its remapped home (planning refuses it: backends/os_accounts.h).
  CHECK_FALSE(lb[0].account);
  CHECK(lb[0].home.starts_with("/r/home/"));
  CHECK(lb[0].linger_file.empty());

  CHECK(host_paths(b.host.os, "", "/home/ops").real_users);  // a real host: always
}

}  // namespace
}  // namespace clawform
