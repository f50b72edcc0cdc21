// The probe against in-test HTTP servers on 127.0.0.1 (the real gateway is
// probed in tests/integration/discover_real_test.cc).
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include <functional>
#include <istream>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "backends/gateway_probe.h"

namespace clawform {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

// Serves at most `connections` connections on a free loopback port, each
// with `respond(request_line)`; an empty answer means "accept and stay silent".
class FakeServer {
 public:
  using Responder = std::function<std::string(const std::string& request_line)>;

  FakeServer(int connections, Responder respond)
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this, connections, respond] {
      for (int i = 0; i < connections; ++i) {
        boost::system::error_code ec;
        tcp::socket socket(io_);
        acceptor_.accept(socket, ec);
        if (ec) return;
        asio::streambuf request;
        asio::read_until(socket, request, "\r\n\r\n", ec);
        std::string line;
        std::istream(&request) >> line >> line;  // method, then target
        std::string answer = respond(line);
        if (answer.empty()) {
          std::this_thread::sleep_for(1s);
          continue;
        }
        asio::write(socket, asio::buffer(answer), ec);
        socket.shutdown(tcp::socket::shutdown_both, ec);
      }
    });
  }
  ~FakeServer() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
  int port_ = 0;
  std::thread thread_;
};

std::string http(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

TEST_CASE("gateway probe: a live and ready gateway") {
  FakeServer server(2, [](const std::string& target) {
    return target == "/health" ? http(200, R"({"ok":true,"status":"live"})")
                               : http(200, R"({"ready":true,"failing":[],"uptimeMs":1})");
  });
  GatewayState g = probe_gateway(server.port());
  CHECK(g.port == server.port());
  CHECK(g.health.reachable);
  CHECK(g.health.http_status == 200);
  CHECK(g.live());
  CHECK(g.is_ready == true);
  CHECK(g.failing.empty());
  CHECK_FALSE(g.port_held_by_other);
  CHECK(g.health.latency_ms > 0);
}

TEST_CASE("gateway probe: not ready - with what is failing") {
  FakeServer server(2, [](const std::string& target) {
    return target == "/health" ? http(200, R"({"ok":true,"status":"live"})")
                               : http(503, R"({"ready":false,"failing":["plugins",7]})");
  });
  GatewayState g = probe_gateway(server.port());
  CHECK(g.live());
  CHECK(g.ready.http_status == 503);
  CHECK(g.is_ready == false);
  CHECK(g.failing == std::vector<std::string>{"plugins"});
}

TEST_CASE("gateway probe: a port held by something else") {
  FakeServer text(1, [](const std::string&) { return std::string("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"); });
  GatewayState g = probe_gateway(text.port());
  CHECK(g.health.reachable);
  CHECK_FALSE(g.live());
  CHECK(g.port_held_by_other);

  FakeServer silent(1, [](const std::string&) { return std::string(); });
  auto started = std::chrono::steady_clock::now();
  GatewayState s = probe_gateway(silent.port(), {300ms});
  CHECK(std::chrono::steady_clock::now() - started < 1500ms);
  CHECK_FALSE(s.health.reachable);
  CHECK(s.health.error == "timed out after 0.3 s");
  CHECK(s.port_held_by_other);
}

TEST_CASE("gateway probe: a closed port is not running - not held") {
  int port = 0;
  {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
    port = acceptor.local_endpoint().port();
  }
  GatewayState g = probe_gateway(port);
  CHECK_FALSE(g.health.reachable);
  CHECK(g.health.error == "connection refused");
  CHECK_FALSE(g.port_held_by_other);
  CHECK_FALSE(g.live());
}

}  // namespace
}  // namespace clawform
