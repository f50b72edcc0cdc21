// Discovery faults the real openclaw cannot be made to show, with
// tests/support/fake-openclaw: a hang, a non-zero exit with stderr, garbage
// JSON, and a missing binary. Each is reported for its project; the others
// are still discovered.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "backends/discover.h"
#include "backends/process_runner.h"
#include "schema/load.h"
#include "schema/validate.h"
#include "tests/support/fake_server.h"
#include "tests/support/golden.h"
#include "tests/support/memory_host.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;

const std::string kManifest = "fixtures/manifests/valid/discover-faults.yaml";

Manifest load() {
  Diagnostics d;
  LoadedManifest loaded = load_manifest(kManifest, d);
  REQUIRE_FALSE(d.has_errors());
  return *loaded.manifest;
}

const InstanceState& instance(const LiveState& live, const std::string& name) {
  for (const InstanceState& i : live.instances)
    if (i.instance == name) return i;
  FAIL("no instance " << name);
  throw;
}

TEST_CASE("discover faults: hang - exit 3 and garbage are each reported for their project") {
  Manifest manifest = load();
  testing::TempDir root;
  for (const Project& p : manifest.projects)
    std::filesystem::create_directories(root.path("home/operator/.openclaw-" + p.name));

  DiscoverOptions options;
  options.root = root.path();
  options.openclaw = std::filesystem::absolute("tests/support/fake-openclaw").string();
  options.jobs = 4;
  options.command_timeout = 1s;
  options.probe_timeout = 300ms;
  DiscoveryStats stats;
  LiveState live = discover(manifest, options, &stats);
  REQUIRE(live.instances.size() == 4);

  const InstanceState& healthy = instance(live, "healthy");
  CHECK(healthy.errors.empty());
  CHECK(healthy.openclaw_version == "2026.9.6");
  REQUIRE(healthy.plugins.size() == 1);
  CHECK(healthy.plugins[0].install_spec == "@openclaw/nostr@2026.9.5");

  const InstanceState& hang = instance(live, "hang");
  REQUIRE(hang.errors.size() == 1);
  CHECK(hang.errors[0].step == "plugins");
  CHECK(hang.errors[0].message.starts_with("timed out after 1.0 s"));
  CHECK(hang.errors[0].command.find("--profile hang plugins list --json") != std::string::npos);
  CHECK(hang.openclaw_version == "2026.9.6");  // what was read before the hang still counts
  CHECK(stats.wall_seconds < 2.0);             // the timeout fired within 2x its value

  const InstanceState& exit3 = instance(live, "exit3");
  REQUIRE(exit3.errors.size() == 1);
  CHECK(exit3.errors[0].step == "plugins");
  CHECK(exit3.errors[0].message == "exit 3: openclaw: cannot open state database: disk I/O error");
  CHECK(exit3.errors[0].command.find("--profile exit3 plugins list --json") != std::string::npos);

  const InstanceState& garbage = instance(live, "garbage");
  REQUIRE(garbage.errors.size() == 1);
  CHECK(garbage.errors[0].message == "`plugins list --json` printed something that is not JSON");
}

TEST_CASE("discover faults: a missing binary is reported for every project - exit 1") {
  testing::TempDir root;
  ProcessRequest cli;
  cli.argv = {CLAWFORM_BINARY, "discover", kManifest, "--root", root.path(), "--openclaw", root.path("nope/openclaw")};
  cli.env = {{"PATH", "/usr/bin:/bin"}};
  cli.timeout = 30s;
  ProcessResult r = run_process(cli);
  CHECK(r.exit_code == 1);
  for (const char* project : {"healthy", "hang", "exit3", "garbage"}) {
    CAPTURE(project);
    CHECK(r.out.find(std::string(project) + "  (instance " + project + ")") != std::string::npos);
  }
  std::size_t errors = 0;
  for (std::size_t at = 0; (at = r.out.find("error: version: no openclaw binary found", at)) != std::string::npos; ++at)
    ++errors;
  CHECK(errors == 4);
}

TEST_CASE("discover: a removed project's gateway is probed on the port its own config names") {
  // remove_projects gives no port; the gateway must still be found to be
  // stopped before its state dir is deleted.
  FileValidation v = validate_text("fleet.yaml", R"(apiVersion: clawform/v1
fleet: t
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6}
topology: C
gateway: {ports: 18789-18789}
defaults: {model: anthropic/claude-sonnet-4-6}
projects:
  healthy: {port: 18789, unauthenticated_gateway: fault test}
remove_projects: [oldclient]
)",
                                   false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  testing::FakeServer old_gateway(3, testing::gateway(R"({"ok":true,"status":"live"})", 200, R"({"ready":true})"));
  testing::TempDir root;
  const std::string state_dir = root.path("home/operator/.openclaw-oldclient");
  std::filesystem::create_directories(state_dir);
  testing::write_file(state_dir + "/openclaw.json",
                      R"({"gateway": {"port": )" + std::to_string(old_gateway.port()) + "}}");

  DiscoverOptions options;
  options.root = root.path();
  options.openclaw = std::filesystem::absolute("tests/support/fake-openclaw").string();
  options.probe_timeout = 2s;
  LiveState live = discover(*v.manifest, options);
  REQUIRE(live.removed.size() == 1);
  const InstanceState& old = live.removed[0];
  CHECK(old.instance == "oldclient");
  CHECK(old.errors.empty());
  CHECK(old.gateway.port == old_gateway.port());
  CHECK(old.gateway.live());
}

TEST_CASE("discover faults: a failed call as a B user names the command that ran - its call mark included") {
  // nobody exists on every Debian and is not the user running the tests: the
  // call goes through sudo with the mark among the variables set after it.
  testing::TempDir dir;
  const std::string path = dir.path("fleet.yaml");
  std::ofstream(path) << "apiVersion: clawform/v1\nfleet: f\nregion: kr\nhost: {os: linux, memory_gb: 48, disk_gb: 1024}\n"
                         "openclaw: {version: 2026.9.6}\ntopology: B\ngateway: {ports: 31000-31399}\n"
                         "defaults: {model: anthropic/claude-sonnet-4-6}\n"
                         "projects:\n  acme: {port: 31000, user: nobody, unauthenticated_gateway: a test}\n";
  Diagnostics d;
  LoadedManifest loaded = load_manifest(path, d);
  REQUIRE_FALSE(d.has_errors());
  testing::MemoryHost host;
  host.on_run = [](const ProcessRequest&, testing::MemoryHost&) {
    ProcessResult r;
    r.outcome = ProcessResult::Outcome::Exited;
    r.exit_code = 3;
    r.err = "boom";
    return r;
  };
  DiscoverOptions options;
  options.root = dir.path("root");
  options.openclaw = "/opt/openclaw/bin/openclaw";
  options.real_users = true;
  LiveState live = discover(host, *loaded.manifest, options);
  REQUIRE(live.instances.size() == 1);
  REQUIRE_FALSE(live.instances[0].errors.empty());
  REQUIRE_FALSE(host.commands.empty());
  const std::string ran = format_argv(host.commands.front());
  CHECK(ran.find("CLAWFORM_CALL=") != std::string::npos);
  CHECK(live.instances[0].errors[0].command == ran);
}

}  // namespace
}  // namespace clawform
