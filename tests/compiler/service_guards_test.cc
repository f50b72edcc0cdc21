// The guard switches in every service file clawform writes and in the
// environment of every openclaw call and sandbox-run gateway.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/service_file.h"

namespace clawform {
namespace {

InstanceLayout layout(const std::string& manager) {
  InstanceLayout l;
  l.instance = "acme";
  l.profile = "acme";
  l.home = "/home/operator";
  l.state_dir = "/home/operator/.openclaw-acme";
  l.config_path = l.state_dir + "/openclaw.json";
  l.port = 31001;
  l.service_manager = manager;
  l.service_name = manager == "launchd" ? "ai.openclaw.acme" : "openclaw-gateway-acme.service";
  return l;
}

TEST_CASE("service file: the guard switches, exactly as OpenClaw 2026.9.6 reads them") {
  CHECK(guard_environment() == std::vector<std::pair<std::string, std::string>>{
                                   {"OPENCLAW_NO_AUTO_UPDATE", "1"}, {"OPENCLAW_SERVICE_REPAIR_POLICY", "external"}});
  const auto env = instance_environment(layout("systemd"));
  for (const auto& guard : guard_environment())
    CHECK(std::find(env.begin(), env.end(), guard) != env.end());
}

TEST_CASE("service file: a systemd unit sets the guard switches for the gateway it runs") {
  const std::string unit = render_service_file(layout("systemd"), "/usr/bin/openclaw");
  CHECK(unit.find("\nEnvironment=OPENCLAW_NO_AUTO_UPDATE=1\n") != std::string::npos);
  CHECK(unit.find("\nEnvironment=OPENCLAW_SERVICE_REPAIR_POLICY=external\n") != std::string::npos);
  CHECK(unit.find("\nEnvironment=OPENCLAW_STATE_DIR=/home/operator/.openclaw-acme\n") != std::string::npos);
}

TEST_CASE("service file: a launchd plist sets the guard switches in EnvironmentVariables") {
  const std::string plist = render_service_file(layout("launchd"), "/usr/local/bin/openclaw");
  const std::size_t env = plist.find("<key>EnvironmentVariables</key>\n  <dict>\n");
  REQUIRE(env != std::string::npos);
  const std::size_t end = plist.find("  </dict>\n", env);
  const std::string vars = plist.substr(env, end - env);
  CHECK(vars.find("    <key>OPENCLAW_NO_AUTO_UPDATE</key>\n    <string>1</string>\n") != std::string::npos);
  CHECK(vars.find("    <key>OPENCLAW_SERVICE_REPAIR_POLICY</key>\n    <string>external</string>\n") !=
        std::string::npos);
}

}  // namespace
}  // namespace clawform
