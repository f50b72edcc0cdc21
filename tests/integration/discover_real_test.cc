// Discovery against the real openclaw 2026.9.6 in a sandbox root: two
// topology-C instances created with real `openclaw --profile NAME setup`,
// one with a real gateway on 127.0.0.1. Every process started is stopped by
// pid before the test ends.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "backends/discover.h"
#include "backends/gateway_probe.h"
#include "backends/openclaw_cli.h"
#include "backends/process_runner.h"
#include "schema/load.h"
#include "tests/support/background_process.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;

Manifest load(const std::string& path) {
  Diagnostics d;
  LoadedManifest loaded = load_manifest(path, d);
  REQUIRE_FALSE(d.has_errors());
  return *loaded.manifest;
}

// Polls the gateway until it is live and ready, or `limit` passes.
bool wait_until_ready(int port, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    GatewayState g = probe_gateway(port);
    if (g.live() && g.is_ready.value_or(false)) return true;
    std::this_thread::sleep_for(250ms);
  }
  return false;
}

TEST_CASE("discover (real openclaw): two instances - one gateway live and ready - one not running") {
  const std::string openclaw = CLAWFORM_TEST_OPENCLAW;
  REQUIRE_MESSAGE(::access(openclaw.c_str(), X_OK) == 0, openclaw << " missing: run scripts/install-openclaw");
  testing::TempDir root;
  const std::string manifest_path = "fixtures/manifests/valid/discover-two.yaml";
  Manifest manifest = load(manifest_path);
  HostPaths paths = host_paths(manifest.host.os, root.path(), "");
  std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  REQUIRE(layouts.size() == 2);

  // Create both instances with the real CLI, concurrently.
  std::vector<std::future<ProcessResult>> setups;
  for (const InstanceLayout& layout : layouts)
    setups.push_back(std::async(std::launch::async, [&, layout] {
      return OpenClawCli(openclaw, layout, paths, 180s).run({"setup", "--baseline"});
    }));
  for (auto& setup : setups) {
    ProcessResult r = setup.get();
    REQUIRE_MESSAGE(r.succeeded(), r.describe() << "\n" << r.err_tail(20));
  }

  // A real gateway for alpha, in alpha's isolation.
  const InstanceLayout& alpha = layouts[0];
  ProcessRequest run = OpenClawCli(openclaw, alpha, paths, 0s).request(
      {"gateway", "run", "--port", std::to_string(alpha.port), "--bind", "loopback", "--allow-unconfigured",
       "--auth", "none"});
  testing::BackgroundProcess gateway(run.argv, run.env, root.path("alpha-gateway.log"));
  REQUIRE_MESSAGE(wait_until_ready(alpha.port, 120s), "gateway did not become ready; see its log");

  DiscoverOptions options;
  options.root = root.path();
  options.openclaw = openclaw;
  options.jobs = 2;
  DiscoveryStats stats;
  LiveState live = discover(manifest, options, &stats);

  REQUIRE(live.instances.size() == 2);
  for (const InstanceState& i : live.instances) {
    CAPTURE(i.instance);
    CHECK(i.errors.empty());
    CHECK(i.openclaw_version == "2026.9.6");
    CHECK(i.node_version == "24.21.0");  // the wrapper's pinned Node, not PATH's
    CHECK(i.state_dir_path.type == "dir");
    CHECK(i.state_dir_path.mode == 0700);
    CHECK(i.config.exists);
    CHECK(i.config.values.at("gateway.mode") == "local");
    auto anthropic = std::find_if(i.plugins.begin(), i.plugins.end(),
                                  [](const PluginState& p) { return p.id == "anthropic"; });
    REQUIRE(anthropic != i.plugins.end());
    CHECK(anthropic->version == "2026.9.6");
    CHECK(anthropic->origin == "bundled");
    CHECK(i.plugins.size() > 40);
    CHECK(i.files.at(0).workspace.type == "dir");
  }
  const GatewayState& up = live.instances[0].gateway;
  CHECK(up.port == 27000);
  CHECK(up.live());
  CHECK(up.started());
  CHECK(up.startup.http_status == 200);
  CHECK(up.is_ready == true);
  CHECK(up.health.http_status == 200);
  CHECK_FALSE(up.port_held_by_other);
  const GatewayState& down = live.instances[1].gateway;
  CHECK(down.port == 27200);
  CHECK_FALSE(down.health.reachable);
  CHECK_FALSE(down.live());
  CHECK_FALSE(down.port_held_by_other);
  MESSAGE("discovery of 2 instances: wall " << stats.wall_seconds << " s, " << stats.openclaw_calls
                                            << " openclaw calls totalling " << stats.openclaw_seconds << " s");

  // The CLI shows the same, as JSON and as text.
  ProcessRequest cli;
  cli.argv = {CLAWFORM_BINARY, "discover", manifest_path, "--root", root.path(), "--json", "--openclaw", openclaw};
  cli.env = {{"PATH", "/usr/bin:/bin"}};
  cli.timeout = 120s;
  ProcessResult json_run = run_process(cli);
  CHECK_MESSAGE(json_run.exit_code == 0, json_run.err);
  nlohmann::json doc = nlohmann::json::parse(json_run.out);
  CHECK(doc["instances"][0]["instance"] == "alpha");
  CHECK(doc["instances"][0]["gateway"]["status"] == "live");
  CHECK(doc["instances"][1]["gateway"]["health"]["reachable"] == false);
  cli.argv.erase(std::find(cli.argv.begin(), cli.argv.end(), "--json"));
  ProcessResult text_run = run_process(cli);
  CHECK(text_run.exit_code == 0);
  CHECK(text_run.out.find("gateway     127.0.0.1:27000 live, started, ready") != std::string::npos);
  CHECK(text_run.out.find("openclaw    2026.9.6 (node 24.") != std::string::npos);
  CHECK(text_run.out.find("gateway     127.0.0.1:27200 not running") != std::string::npos);

  // plan reads the same host: what setup left differs from the manifest in
  // each instance's config, and both gateways need a (re)start.
  const std::string canary = "sk-canary-alpha-3f9d1c";
  ProcessRequest plan = cli;
  plan.argv = {CLAWFORM_BINARY, "plan",      manifest_path, "--root", root.path(), "--openclaw", openclaw,
               "--format",      "json",      "--detailed-exitcode"};
  plan.env["ALPHA_ANTHROPIC_KEY"] = canary;
  ProcessResult plan_run = run_process(plan);
  CHECK_MESSAGE(plan_run.exit_code == 2, plan_run.err);
  CHECK(plan_run.out.find(canary) == std::string::npos);
  CHECK(plan_run.err.find(canary) == std::string::npos);
  nlohmann::json planned = nlohmann::json::parse(plan_run.out);
  std::map<std::string, nlohmann::json> by_address;
  for (const nlohmann::json& step : planned["steps"]) by_address[step["address"].get<std::string>() + " " +
                                                                step["kind"].get<std::string>()] = step;
  CHECK_FALSE(by_address.contains("project.alpha.state_dir state_dir"));  // setup made it, 0700
  REQUIRE(by_address.contains("project.alpha.config config"));
  const nlohmann::json& config = by_address["project.alpha.config config"];
  CHECK(config["action"] == "update");
  CHECK(config["after"]["gateway.port"] == 27000);
  CHECK(config["before"]["gateway.port"].is_null());
  CHECK(config["after"]["models.providers.anthropic.apiKey"]["id"] == "ANTHROPIC_API_KEY");
  CHECK(by_address["project.alpha.key_file key_file"]["action"] == "create");
  CHECK(by_address["project.alpha.gateway gateway"]["reason"] == "configuration changed");
  CHECK(by_address["project.bravo.gateway gateway"]["reason"] == "not running");

  gateway.stop();
  CHECK_FALSE(gateway.running());
}

}  // namespace
}  // namespace clawform
