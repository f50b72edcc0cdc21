// The plan's port check: a port an instance reserves, held by anything but
// that instance's own gateway (its process or a child), is an error naming
// the project, the port, its role and what to do.
#include <doctest/doctest.h>

#include "compiler/port_check.h"
#include "schema/validate.h"

namespace clawform {
namespace {

struct Fleet {
  Manifest manifest;
  std::vector<InstanceLayout> layouts;
  LiveState live;
};

Fleet fleet() {
  FileValidation v = validate_text("fleet.yaml", R"(apiVersion: clawform/v1
fleet: t
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6}
topology: C
gateway: {ports: 20000-20400}
defaults: {model: anthropic/claude-sonnet-4-6}
projects:
  acme: {port: 20000, unauthenticated_gateway: test}
  globex: {port: 20200, unauthenticated_gateway: test, browser: false}
)",
                                   false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  Fleet f{*v.manifest, {}, {}};
  f.layouts = layout_instances(f.manifest, host_paths(HostOs::Linux, "/r", ""));
  for (const InstanceLayout& l : f.layouts) {
    InstanceState i;
    i.instance = l.instance;
    i.gateway.port = l.port;
    f.live.instances.push_back(i);
  }
  return f;
}

void live_gateway(Fleet& f, std::size_t i) {
  f.live.instances[i].gateway.ok = true;
  f.live.instances[i].gateway.status = "live";
}

std::vector<std::string> messages(const std::vector<PlanError>& errors) {
  std::vector<std::string> out;
  for (const PlanError& e : errors) out.push_back(e.project + ": " + e.message);
  return out;
}

TEST_CASE("port check: the instance's own gateway and browser service are not flagged") {
  Fleet f = fleet();
  live_gateway(f, 0);
  std::vector<Listener> listeners = {{20000, 100, 1, 1000, "openclaw-gatewa"},
                                     {20000, 100, 1, 1000, "openclaw-gatewa"},  // IPv6
                                     {20010, 100, 1, 1000, "openclaw-gatewa"},  // the extension relay
                                     {20011, 150, 100, 1000, "chrome"},         // its managed Chrome
                                     {20500, 7, 1, 0, "sshd"}};                 // outside every range
  CHECK(check_reserved_ports(f.manifest, f.layouts, f.live, listeners).empty());
}

TEST_CASE("port check: a foreign listener is an error naming the project, the port, its role and the fix") {
  Fleet f = fleet();
  live_gateway(f, 0);
  std::vector<Listener> listeners = {{20000, 100, 1, 1000, "openclaw-gatewa"},
                                     {20002, 4242, 1, 1000, "python3"},
                                     {20002, 4242, 1, 1000, "python3"},
                                     {20201, 0, 0, 0, ""},     // globex's MCP App sandbox, pid not visible
                                     {20202, 99, 1, 1000, "nginx"}};  // globex's browser is off: free
  CHECK(messages(check_reserved_ports(f.manifest, f.layouts, f.live, listeners)) ==
        std::vector<std::string>{
            "acme: port 20002 is in use by pid 4242 (python3), not by this instance's gateway: a gateway on port "
            "20000 takes it for its browser control. Stop that process, or move the gateway to a port P where "
            "P..P+110 is free (or turn the browser off: browser: false)",
            "globex: port 20201 is in use by a process of uid 0 (pid not visible), not by this instance's gateway: "
            "a gateway on port 20200 takes it for its MCP App sandbox. Stop that process, or move the gateway to a "
            "port P where P..P+1 is free"});
}

TEST_CASE("port check: with the gateway down, whatever holds its ports is foreign") {
  Fleet f = fleet();
  std::vector<Listener> listeners = {{20005, 100, 1, 1000, "node"}};
  CHECK(messages(check_reserved_ports(f.manifest, f.layouts, f.live, listeners)) ==
        std::vector<std::string>{
            "acme: port 20005 is in use by pid 100 (node), not by this instance's gateway: a gateway on port 20000 "
            "takes it for its browser extension relays (20003-20010). Stop that process, or move the gateway to a "
            "port P where P..P+110 is free (or turn the browser off: browser: false)"});
}

TEST_CASE("port check: a gateway the plan moves still owns its listeners at its configured port") {
  Fleet f = fleet();
  f.live.instances[0].config.exists = true;
  f.live.instances[0].config.values["gateway.port"] = 19990;  // moving to 20000
  std::vector<Listener> listeners = {{19990, 100, 1, 1000, "openclaw-gatewa"},
                                     {20000, 100, 1, 1000, "openclaw-gatewa"}};  // its CDP range, now ours
  CHECK(check_reserved_ports(f.manifest, f.layouts, f.live, listeners).empty());
}

}  // namespace
}  // namespace clawform
