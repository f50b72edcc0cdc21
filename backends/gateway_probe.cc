#include "backends/gateway_probe.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clawform {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint64_t kBodyLimit = 1 << 20;

struct Response {
  HttpCheck check;
  bool connected = false;  // the TCP connection was accepted
  std::string body;
};

std::string describe_error(const beast::error_code& ec, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout) return fmt::format("timed out after {:.1f} s", static_cast<double>(timeout.count()) / 1000.0);
  if (ec == asio::error::connection_refused) return "connection refused";
  return ec.message();
}

// GET `target` from 127.0.0.1:`port`, connect + write + read within `timeout`.
Response get(int port, const char* target, std::chrono::milliseconds timeout) {
  Response response;
  asio::io_context io;
  beast::tcp_stream stream(io);
  auto started = std::chrono::steady_clock::now();
  beast::error_code ec;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);
  beast::flat_buffer buffer;

  stream.expires_after(timeout);
  stream.async_connect(tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(port)),
                       [&](beast::error_code connect_ec) {
    if (connect_ec) {
      ec = connect_ec;
      return;
    }
    response.connected = true;
    auto request = std::make_shared<http::request<http::empty_body>>(http::verb::get, target, 11);
    request->set(http::field::host, fmt::format("127.0.0.1:{}", port));
    request->set(http::field::user_agent, "clawform");
    request->set(http::field::accept, "application/json");
    http::async_write(stream, *request, [&, request](beast::error_code write_ec, std::size_t) {
      if (write_ec) {
        ec = write_ec;
        return;
      }
      http::async_read(stream, buffer, parser, [&](beast::error_code read_ec, std::size_t) { ec = read_ec; });
    });
  });
  io.run();
  response.check.latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (ec) {
    response.check.error = describe_error(ec, timeout);
    return response;
  }
  response.check.reachable = true;
  response.check.http_status = static_cast<int>(parser.get().result_int());
  response.body = parser.get().body();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return response;
}

std::optional<nlohmann::json> json_object(const std::string& body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  return doc;
}

}  // namespace

GatewayState probe_gateway(int port, const GatewayProbeOptions& options) {
  GatewayState state;
  state.port = port;
  if (port <= 0 || port > 65535) {
    state.health.error = state.ready.error = "no port";
    return state;
  }
  try {
    Response health = get(port, "/health", options.timeout);
    state.health = health.check;
    bool answers_as_gateway = false;
    if (auto doc = json_object(health.body)) {
      if (doc->contains("ok") && (*doc)["ok"].is_boolean()) state.ok = (*doc)["ok"].get<bool>();
      if (doc->contains("status") && (*doc)["status"].is_string()) state.status = (*doc)["status"].get<std::string>();
      answers_as_gateway = state.ok.has_value() || state.status.has_value();
    }
    state.port_held_by_other = health.connected && !answers_as_gateway;
    if (!health.connected) {
      state.ready.error = state.health.error;
      return state;
    }
    Response ready = get(port, "/ready", options.timeout);
    state.ready = ready.check;
    if (auto doc = json_object(ready.body)) {
      if (doc->contains("ready") && (*doc)["ready"].is_boolean()) state.is_ready = (*doc)["ready"].get<bool>();
      if (doc->contains("failing") && (*doc)["failing"].is_array())
        for (const auto& item : (*doc)["failing"])
          if (item.is_string()) state.failing.push_back(item.get<std::string>());
    }
  } catch (const std::exception& e) {
    state.health.error = e.what();
  }
  return state;
}

}  // namespace clawform
