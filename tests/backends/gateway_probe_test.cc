// The probe against in-test servers on 127.0.0.1 (the real gateway is probed
// in tests/integration/discover_real_test.cc).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "backends/gateway_probe.h"
#include "tests/support/fake_server.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;
using testing::FakeServer;
using testing::gateway;
using testing::http;
using testing::kHangUp;
using testing::kSilent;
namespace asio = boost::asio;
using asio::ip::tcp;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_CASE("gateway probe: a live, started and ready gateway") {
  FakeServer server(3, gateway(R"({"ok":true,"status":"live"})", 200, R"({"ready":true,"failing":[],"uptimeMs":1})"));
  GatewayState g = probe_gateway(server.port());
  CHECK(g.port == server.port());
  CHECK(g.health.reachable);
  CHECK(g.health.http_status == 200);
  CHECK(g.health.error == "");
  CHECK(g.health.latency_ms > 0);
  CHECK(g.ok == true);
  CHECK(g.status == "live");
  CHECK(g.live());
  CHECK(g.startup.reachable);
  CHECK(g.startup.http_status == 200);
  CHECK(g.startup_ok == true);
  CHECK(g.startup_status == "started");
  CHECK_FALSE(g.startup_pending.has_value());
  CHECK(g.started());
  CHECK(g.ready.reachable);
  CHECK(g.ready.http_status == 200);
  CHECK(g.ready.latency_ms > 0);
  CHECK(g.is_ready == true);
  CHECK(g.failing.empty());
  CHECK_FALSE(g.port_held_by_other);

  std::vector<std::string> requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].starts_with("GET /health HTTP/1.1\r\n"));
  CHECK(requests[1].starts_with("GET /startupz HTTP/1.1\r\n"));
  CHECK(requests[2].starts_with("GET /ready HTTP/1.1\r\n"));
  CHECK(requests[0].find("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
}

TEST_CASE("gateway probe: the real gateway's /ready body, unknown fields ignored") {
  const std::string ready =
      R"({"ready":true,"failing":[],"uptimeMs":107041,"eventLoop":{"degraded":false,"degradedSinceMs":null,)"
      R"("reasons":[],"intervalMs":1002.44,"delayP99Ms":24,"cpuBreakdown":{"hostCpuCount":2}}})";
  FakeServer server(3, gateway(R"({"ok":true,"status":"live","extra":[1,2]})", 200, ready));
  GatewayState g = probe_gateway(server.port());
  CHECK(g.live());
  CHECK(g.is_ready == true);
  CHECK_FALSE(g.port_held_by_other);
}

TEST_CASE("gateway probe: started but not ready - with what is failing") {
  FakeServer server(3,
                    gateway(R"({"ok":true,"status":"live"})", 503, R"({"ready":false,"failing":["plugins",7,null]})"));
  GatewayState g = probe_gateway(server.port());
  CHECK(g.live());
  CHECK(g.started());
  CHECK(g.ready.reachable);
  CHECK(g.ready.http_status == 503);
  CHECK(g.is_ready == false);
  CHECK(g.failing == std::vector<std::string>{"plugins"});
  CHECK_FALSE(g.port_held_by_other);
}

TEST_CASE("gateway probe: live, but still starting or draining, as the real /startupz says it") {
  // The bodies of OpenClaw 2026.9.6's startup checker (dist: createStartupChecker).
  FakeServer starting(3, gateway(R"({"ok":true,"status":"live"})", 503,
                                 R"({"ready":false,"failing":["startup-sidecars"],"uptimeMs":900})", 503,
                                 R"({"ok":false,"status":"starting","version":"2026.9.6","uptimeMs":900,)"
                                 R"("pendingReason":"startup-sidecars"})"));
  GatewayState g = probe_gateway(starting.port());
  CHECK(g.live());
  CHECK(g.startup.http_status == 503);
  CHECK(g.startup_ok == false);
  CHECK(g.startup_status == "starting");
  CHECK(g.startup_pending == "startup-sidecars");
  CHECK_FALSE(g.started());
  CHECK(g.failing == std::vector<std::string>{"startup-sidecars"});

  FakeServer draining(3, gateway(R"({"ok":true,"status":"live"})", 503, R"({"ready":false,"failing":["gateway-draining"]})",
                                 503, R"({"ok":false,"status":"draining","uptimeMs":5})"));
  g = probe_gateway(draining.port());
  CHECK(g.startup_status == "draining");
  CHECK_FALSE(g.started());

  FakeServer old(3, gateway(R"({"ok":true,"status":"live"})", 200, R"({"ready":true})", 404, "Not Found"));
  g = probe_gateway(old.port());
  CHECK(g.startup.reachable);
  CHECK(g.startup.http_status == 404);
  CHECK_FALSE(g.startup_status.has_value());
  CHECK_FALSE(g.started());
  CHECK(g.is_ready == true);
}

TEST_CASE("gateway probe: a gateway answering 503 is still a gateway") {
  FakeServer server(3, [](const std::string& target) {
    return target == "/health" ? http(503, R"({"ok":false,"status":"starting"})") : http(503, "{}");
  });
  GatewayState g = probe_gateway(server.port());
  CHECK(g.health.reachable);
  CHECK(g.health.http_status == 503);
  CHECK(g.ok == false);
  CHECK(g.status == "starting");
  CHECK_FALSE(g.live());
  CHECK_FALSE(g.port_held_by_other);
  CHECK(g.ready.http_status == 503);
  CHECK_FALSE(g.is_ready.has_value());
}

TEST_CASE("gateway probe: a port held by something that is not a gateway") {
  struct Case {
    const char* what;
    std::string answer;
    bool reachable;
    std::string error;
  };
  const Case cases[] = {
      {"plain text", http(200, "hello", "text/plain"), true, ""},
      {"JSON without ok or status", http(200, R"({"name":"grafana","version":"10"})"), true, ""},
      {"a JSON array", http(200, R"([{"ok":true}])"), true, ""},
      {"non-HTTP bytes", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", false, "not an HTTP response (bad version)"},
      {"a hang-up", kHangUp, false, "connection closed without an HTTP response"},
      {"a cut-off response", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"ok\"", false,
       "connection closed in the middle of the response"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    FakeServer server(1, [&](const std::string&) { return c.answer; });
    GatewayState g = probe_gateway(server.port());
    CHECK(g.health.reachable == c.reachable);
    CHECK(g.health.error == c.error);
    CHECK_FALSE(g.live());
    CHECK(g.port_held_by_other);
    CHECK_FALSE(g.startup.reachable);
    CHECK(g.startup.error == "not probed: /health did not answer as an OpenClaw gateway");
    CHECK_FALSE(g.ready.reachable);
    CHECK(g.ready.error == "not probed: /health did not answer as an OpenClaw gateway");
    CHECK(server.requests().size() == 1);  // neither /startupz nor /ready was asked
  }
}

TEST_CASE("gateway probe: a port held by something that accepts and never answers") {
  FakeServer server(1, [](const std::string&) { return kSilent; });
  auto started = std::chrono::steady_clock::now();
  GatewayState g = probe_gateway(server.port(), {300ms});
  double elapsed = seconds_since(started);
  CHECK(elapsed >= 0.3);
  CHECK(elapsed < 1.5);
  CHECK_FALSE(g.health.reachable);
  CHECK(g.health.error == "timed out after 0.3 s");
  CHECK(g.health.latency_ms >= 300);
  CHECK(g.port_held_by_other);
  CHECK_FALSE(g.live());
}

TEST_CASE("gateway probe: a body over the limit is not read whole") {
  const std::string big(2 << 20, 'x');
  const std::pair<const char*, std::string> cases[] = {
      {"Content-Length", http(200, big, "text/plain")},
      {"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n200000\r\n" + big + "\r\n0\r\n\r\n"},
      {"to end of stream", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + big},
  };
  for (const auto& [framing, answer] : cases) {
    CAPTURE(framing);
    FakeServer server(1, [&](const std::string&) { return answer; });
    GatewayState g = probe_gateway(server.port());
    CHECK_FALSE(g.health.reachable);
    CHECK(g.health.error == "response body over 1048576 bytes");
    CHECK(g.port_held_by_other);
  }
}

TEST_CASE("gateway probe: a closed port is not running - not held") {
  int port = 0;
  {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    port = acceptor.local_endpoint().port();
  }
  GatewayState g = probe_gateway(port);
  CHECK(g.port == port);
  CHECK_FALSE(g.health.reachable);
  CHECK(g.health.error == "connection refused");
  CHECK_FALSE(g.startup.reachable);
  CHECK(g.startup.error == "connection refused");
  CHECK_FALSE(g.ready.reachable);
  CHECK(g.ready.error == "connection refused");
  CHECK_FALSE(g.port_held_by_other);
  CHECK_FALSE(g.live());
  CHECK_FALSE(g.started());
  CHECK_FALSE(g.ok.has_value());
  CHECK_FALSE(g.is_ready.has_value());
}

TEST_CASE("gateway probe: an invalid port is not probed") {
  for (int port : {0, -1, 65536}) {
    CAPTURE(port);
    GatewayState g = probe_gateway(port);
    CHECK(g.port == port);
    CHECK_FALSE(g.health.reachable);
    CHECK(g.health.error == "invalid port " + std::to_string(port));
    CHECK_FALSE(g.port_held_by_other);
  }
}

TEST_CASE("gateway probe: concurrent probes from several threads") {
  constexpr int kThreads = 4;
  FakeServer server(3 * kThreads,
                    gateway(R"({"ok":true,"status":"live"})", 200, R"({"ready":true,"failing":[]})"));
  std::vector<GatewayState> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] { results[i] = probe_gateway(server.port()); });
  for (std::thread& t : threads) t.join();
  for (const GatewayState& g : results) {
    CHECK(g.live());
    CHECK(g.started());
    CHECK(g.is_ready == true);
    CHECK_FALSE(g.port_held_by_other);
  }
  CHECK(server.requests().size() == 3 * kThreads);
}

}  // namespace
}  // namespace clawform
