// A status report's pieces and views: probe lines, pins against the
// manifest, the JSON document, the table and the Prometheus textfile.
#include <doctest/doctest.h>

#include "compiler/operations/render_status.h"
#include "compiler/operations/status_report.h"

namespace clawform {
namespace {

constexpr std::int64_t kNow = 1'796'169'600;  // 2026-12-02T00:00:00Z

GatewayState live_gateway() {
  GatewayState g;
  g.port = 18789;
  g.health = {true, 200, 1, ""};
  g.startup = {true, 200, 1, ""};
  g.ready = {true, 200, 1, ""};
  g.ok = true;
  g.status = "live";
  g.startup_ok = true;
  g.startup_status = "started";
  g.startup_version = "2026.9.6";
  g.is_ready = true;
  return g;
}

TEST_CASE("status report: each probe in one line") {
  GatewayState g = live_gateway();
  CHECK(health_probe(g).ok);
  CHECK(health_probe(g).detail == "200 live");
  CHECK(startup_probe(g).detail == "200 started");
  CHECK(ready_probe(g).detail == "200 ready");
  g.ready.http_status = 503;
  g.is_ready = false;
  g.failing = {"discord", "telegram"};
  CHECK_FALSE(ready_probe(g).ok);
  CHECK(ready_probe(g).detail == "503 not ready (failing: discord, telegram)");
  GatewayState down;
  down.port = 18789;
  down.health.error = "connection refused";
  CHECK_FALSE(health_probe(down).ok);
  CHECK(health_probe(down).detail == "unreachable: connection refused");
  down.port_held_by_other = true;
  down.health.reachable = true;
  CHECK(health_probe(down).detail == "port 18789 held by another program");
}

TEST_CASE("status report: pins against what npm installed") {
  Project project;
  project.name = "acme";
  project.plugins = {{"@openclaw/nostr", "2026.9.6", PluginChannel::Stable, {}, {}, {}},
                     {"@openclaw/matrix", "2026.8.1", PluginChannel::Stable, {}, {}, {}},
                     {"@openclaw/zalo", "1.0.0", PluginChannel::Stable, {}, {}, {}},
                     {"@openclaw/bad", "1.0.0", PluginChannel::Stable, {}, {}, {}}};
  project.remove_plugins = {{"@openclaw/old", {}}, {"@openclaw/gone", {}}};
  std::map<std::string, InstalledPackage> installed = {{"@openclaw/nostr", {"2026.9.5", ""}},
                                                       {"@openclaw/matrix", {"2026.8.1", ""}},
                                                       {"@openclaw/bad", {"", "/x/package-lock.json: not a JSON object"}},
                                                       {"@openclaw/old", {"0.9.0", ""}}};
  std::vector<PinStatus> pins = compare_pins(project, installed);
  REQUIRE(pins.size() == 6);
  CHECK_FALSE(pins[0].ok());
  CHECK(describe_pin(pins[0]) == "@openclaw/nostr 2026.9.5 (manifest 2026.9.6)");
  CHECK(pins[1].ok());
  CHECK(describe_pin(pins[2]) == "@openclaw/zalo not installed (manifest 1.0.0)");
  CHECK(describe_pin(pins[3]) == "@openclaw/bad: /x/package-lock.json: not a JSON object");
  CHECK(describe_pin(pins[4]) == "@openclaw/old 0.9.0 (manifest removes it)");
  CHECK(pins[5].ok());  // removed and not installed
}

StatusReport two_projects() {
  StatusReport r;
  r.time = kNow;
  ProjectStatus acme;
  acme.project = "acme";
  acme.instance = "acme";
  acme.port = 18789;
  acme.service = "running";
  acme.health = {true, "200 live"};
  acme.startup = {true, "200 started"};
  acme.ready = {true, "200 ready"};
  acme.version = "2026.9.6";
  acme.manifest_version = "2026.9.6";
  acme.pins = {{"@openclaw/nostr", "2026.9.5", "2026.9.5", ""}};
  acme.disk_bytes = 5 << 20;
  ProjectStatus globex = acme;
  globex.project = "glo\"bex";
  globex.instance = "globex";
  globex.port = 18909;
  globex.service = "stopped";
  globex.health = {false, "unreachable: connection refused"};
  globex.startup = {false, "unreachable: connection refused"};
  globex.ready = {false, "unreachable: connection refused"};
  globex.version = "";
  globex.pins = {{"@openclaw/nostr", "2026.9.6", "2026.9.5", ""}};
  r.projects = {acme, globex};
  r.trends = {{"acme", 0, std::int64_t{1} << 20, 262144.0, {}},
              {"glo\"bex", 3, std::nullopt, std::nullopt, {{"probe", "gateway down for 3 probes"}}}};
  return r;
}

TEST_CASE("status report: the JSON document") {
  nlohmann::ordered_json j = status_to_json(two_projects());
  CHECK(j["format"] == "clawform-status/1");
  CHECK(j["time"] == "2026-12-02T00:00:00Z");
  CHECK(j["ok"] == false);
  CHECK(j["alerts"].dump() == R"([{"project":"glo\"bex","alert":"probe","message":"gateway down for 3 probes"}])");
  CHECK(j["projects"][0].dump() ==
        R"({"project":"acme","instance":"acme","port":18789,"service":"running",)"
        R"("health":{"ok":true,"detail":"200 live"},"startup":{"ok":true,"detail":"200 started"},)"
        R"("ready":{"ok":true,"detail":"200 ready"},"probe_failures":0,"openclaw_version":"2026.9.6",)"
        R"("manifest_openclaw_version":"2026.9.6","plugins":{"ok":true,"pins":[{"package":"@openclaw/nostr",)"
        R"("manifest":"2026.9.5","installed":"2026.9.5","ok":true}]},"disk":{"bytes":5242880,)"
        R"("weekly_growth_bytes":1048576,"weekly_average_bytes":262144},"alerts":[]})");
  CHECK(j["projects"][1]["openclaw_version"].is_null());
  CHECK(j["projects"][1]["plugins"]["ok"] == false);
  CHECK(j["projects"][1]["disk"]["weekly_growth_bytes"].is_null());
  CHECK(j["warnings"].dump() == "[]");
}

TEST_CASE("status report: the table") {
  CHECK(render_status_text(two_projects()) ==
        "PROJECT  PORT   SERVICE  HEALTH           READY      VERSION   PINS                                          "
        "DISK     WEEKLY\n"
        "acme     18789  running  live             ready      2026.9.6  ok                                            "
        "5.0 MiB  +1.0 MiB\n"
        "glo\"bex  18909  stopped  down (3 probes)  not ready  -         @openclaw/nostr 2026.9.5 (manifest 2026.9.6)  "
        "5.0 MiB  n/a\n"
        "\n"
        "  glo\"bex: /health unreachable: connection refused\n"
        "ALERT glo\"bex: gateway down for 3 probes\n"
        "\n"
        "1 alert.\n");
}

TEST_CASE("status report: the Prometheus textfile") {
  const std::string text = render_status_prometheus(two_projects());
  CHECK(text.starts_with("# HELP clawform_gateway_up Whether the gateway's /health says live (1) or not (0).\n"
                         "# TYPE clawform_gateway_up gauge\n"
                         "clawform_gateway_up{project=\"acme\"} 1\n"
                         "clawform_gateway_up{project=\"glo\\\"bex\"} 0\n"));
  CHECK(text.find("clawform_alert{project=\"acme\",alert=\"probe\"} 0\n"
                  "clawform_alert{project=\"acme\",alert=\"disk\"} 0\n"
                  "clawform_alert{project=\"glo\\\"bex\",alert=\"probe\"} 1\n") != std::string::npos);
  // Known only for acme: globex has no sample in that family.
  CHECK(text.find("clawform_disk_weekly_growth_bytes{project=\"acme\"} 1048576\n") != std::string::npos);
  CHECK(text.find("clawform_disk_weekly_growth_bytes{project=\"glo") == std::string::npos);
  CHECK(text.find("clawform_openclaw_info{project=\"glo\\\"bex\",version=\"unknown\",manifest_version=\"2026.9.6\"} 1") !=
        std::string::npos);
  CHECK(text.find("clawform_status_last_run_timestamp_seconds{project=\"acme\"} 1796169600\n") != std::string::npos);
  CHECK(text.find("clawform_plugin_pins_drifted{project=\"glo\\\"bex\"} 1\n") != std::string::npos);
}

}  // namespace
}  // namespace clawform
