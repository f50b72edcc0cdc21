// The health gate's verdicts, word for word: which endpoint decided, and
// that /ready only fails what was not failing before the apply.
#include <doctest/doctest.h>

#include "compiler/health_gate.h"

namespace clawform {
namespace {

// A gateway on 18789 whose /health, /startupz and /ready answer as given.
GatewayState gateway(const char* startup_status, std::vector<std::string> failing) {
  GatewayState g;
  g.port = 18789;
  g.health = {true, 200, 1, ""};
  g.startup = {true, std::string(startup_status) == "started" ? 200 : 503, 1, ""};
  g.ready = {true, failing.empty() ? 200 : 503, 1, ""};
  g.ok = true;
  g.status = "live";
  g.startup_ok = std::string(startup_status) == "started";
  g.startup_status = startup_status;
  g.is_ready = failing.empty();
  g.failing = std::move(failing);
  return g;
}

TEST_CASE("health gate: /health live and /startupz started pass - /ready ready says so") {
  HealthVerdict v = judge_health(gateway("started", {}), nullptr);
  CHECK(v.up);
  CHECK(v.passed);
  CHECK(v.text == "healthy: /health live, /startupz started; /ready: ready");
}

TEST_CASE("health gate: a channel failing before and after is ignored") {
  const std::vector<std::string> before = {"telegram"};
  HealthVerdict v = judge_health(gateway("started", {"telegram"}), &before);
  CHECK(v.passed);
  CHECK(v.text == "healthy: /health live, /startupz started; /ready: telegram failing before and after, ignored");
}

TEST_CASE("health gate: a channel failing only after fails it, naming both lists") {
  const std::vector<std::string> before = {"telegram"};
  HealthVerdict v = judge_health(gateway("started", {"telegram", "discord"}), &before);
  CHECK(v.up);
  CHECK_FALSE(v.passed);
  CHECK(v.text == "/health live, /startupz started; /ready: discord failing after the restart and not before; "
                  "telegram failing before and after, ignored");
  const std::vector<std::string> none;
  v = judge_health(gateway("started", {"discord"}), &none);
  CHECK(v.text == "/health live, /startupz started; /ready: discord failing after the restart and not before");
}

TEST_CASE("health gate: without a before (the gateway did not answer then) every failure is new") {
  HealthVerdict v = judge_health(gateway("started", {"telegram"}), nullptr);
  CHECK_FALSE(v.passed);
  CHECK(v.text == "/health live, /startupz started; /ready: telegram failing after the restart and not before "
                  "(the gateway did not answer before the apply)");
}

TEST_CASE("health gate: a channel that recovered is no failure - a not-ready answer without a list is one") {
  const std::vector<std::string> before = {"telegram"};
  CHECK(judge_health(gateway("started", {}), &before).text == "healthy: /health live, /startupz started; /ready: ready");
  GatewayState unnamed = gateway("started", {});
  unnamed.is_ready = false;
  CHECK(ready_failures(unnamed) == std::vector<std::string>{"(unnamed)"});
  CHECK_FALSE(judge_health(unnamed, &before).passed);
}

TEST_CASE("health gate: not up names the endpoint that says so - /ready is not consulted") {
  GatewayState starting = gateway("starting", {"startup-sidecars"});
  starting.startup_pending = "startup-sidecars";
  HealthVerdict v = judge_health(starting, nullptr);
  CHECK_FALSE(v.up);
  CHECK_FALSE(v.passed);
  CHECK(v.text == "/startupz says status starting (pending: startup-sidecars)");
  CHECK(judge_health(gateway("draining", {"gateway-draining"}), nullptr).text == "/startupz says status draining");

  GatewayState no_startupz = gateway("started", {});
  no_startupz.startup = {true, 404, 1, ""};
  no_startupz.startup_ok.reset();
  no_startupz.startup_status.reset();
  CHECK(judge_health(no_startupz, nullptr).text == "/startupz answered HTTP 404 without a status");
  no_startupz.startup = {false, 0, 2000, "timed out after 2.0 s"};
  CHECK(judge_health(no_startupz, nullptr).text == "/startupz did not answer (timed out after 2.0 s)");

  GatewayState not_live = gateway("started", {});
  not_live.status = "starting";
  CHECK(judge_health(not_live, nullptr).text == "/health says status starting");
  CHECK(judge_health(GatewayState{}, nullptr).text == "nothing answers");
  GatewayState other;
  other.port = 18789;
  other.health.reachable = true;
  other.port_held_by_other = true;
  CHECK(judge_health(other, nullptr).text == "port 18789 is held by a program that is not an OpenClaw gateway");
}

TEST_CASE("health gate: up, but /ready did not answer, does not pass") {
  GatewayState g = gateway("started", {});
  g.ready = {false, 0, 2000, "timed out after 2.0 s"};
  g.is_ready.reset();
  HealthVerdict v = judge_health(g, nullptr);
  CHECK(v.up);
  CHECK_FALSE(v.passed);
  CHECK(v.text == "/health live, /startupz started; /ready did not answer (timed out after 2.0 s)");
}

TEST_CASE("health gate: the baseline is what each answering gateway's /ready failed") {
  LiveState live;
  InstanceState acme, globex, initech;
  acme.instance = "acme";
  acme.gateway = gateway("started", {"telegram"});
  globex.instance = "globex";
  globex.gateway = gateway("started", {});
  initech.instance = "initech";  // not running
  live.instances = {acme, globex, initech};
  CHECK(ready_baseline(live) == ReadyBaseline{{"acme", {"telegram"}}, {"globex", {}}});
}

}  // namespace
}  // namespace clawform
