#include "backends/gateway_probe.h"

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>

#include "backends/gateway_response.h"

namespace clawform {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Exchange {
  HttpCheck check;
  bool connected = false;  // something accepted the TCP connection
  std::string body;
};

std::string describe_error(const beast::error_code& ec, bool connected, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout)
    return fmt::format("timed out after {:.1f} s", static_cast<double>(timeout.count()) / 1000.0);
  if (ec == asio::error::connection_refused) return "connection refused";
  return describe_response_error(ec, connected).value_or(ec.message());
}

// One GET on its own connection; the deadline covers connect, write and read.
// Everything runs inside io.run() on this thread, so the handlers may capture
// locals by reference.
Exchange get(int port, const char* target, std::chrono::milliseconds timeout) {
  Exchange out;
  asio::io_context io;
  beast::tcp_stream stream(io);
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, fmt::format("127.0.0.1:{}", port));
  request.set(http::field::user_agent, "clawform");
  request.set(http::field::accept, "application/json");
  request.set(http::field::connection, "close");
  GatewayResponseParser parser;
  limit_response_parser(parser);
  beast::flat_buffer buffer;
  beast::error_code ec;

  auto started = std::chrono::steady_clock::now();
  stream.expires_after(timeout);
  const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), static_cast<unsigned short>(port));
  stream.async_connect(endpoint, [&](beast::error_code connect_ec) {
    ec = connect_ec;
    if (ec) return;
    out.connected = true;
    http::async_write(stream, request, [&](beast::error_code write_ec, std::size_t) {
      ec = write_ec;
      if (ec) return;
      http::async_read_header(stream, buffer, parser, [&](beast::error_code header_ec, std::size_t) {
        ec = header_ec;
        if (ec) return;
        ec = check_response_header(parser);
        if (ec) return;
        http::async_read(stream, buffer, parser, [&](beast::error_code read_ec, std::size_t) { ec = read_ec; });
      });
    });
  });
  io.run();
  out.check.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  if (ec) {
    out.check.error = describe_error(ec, out.connected, timeout);
    return out;
  }
  out.check.reachable = true;
  out.check.http_status = static_cast<int>(parser.get().result_int());
  out.body = std::move(parser.get().body());
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return out;
}

}  // namespace

GatewayState probe_gateway(int port, const GatewayProbeOptions& options) {
  GatewayState state;
  state.port = port;
  if (port <= 0 || port > 65535) {
    state.health.error = state.ready.error = fmt::format("invalid port {}", port);
    return state;
  }
  try {
    Exchange health = get(port, "/health", options.timeout);
    state.health = health.check;
    if (!health.connected) {
      state.startup.error = state.ready.error = state.health.error;
      return state;
    }
    if (!read_health_body(health.body, state)) {
      // Asking /startupz and /ready of something that is not a gateway
      // would only cost more timeouts.
      state.port_held_by_other = true;
      state.startup.error = state.ready.error = "not probed: /health did not answer as an OpenClaw gateway";
      return state;
    }
    Exchange startup = get(port, "/startupz", options.timeout);
    state.startup = startup.check;
    read_startup_body(startup.body, state);
    Exchange ready = get(port, "/ready", options.timeout);
    state.ready = ready.check;
    read_ready_body(ready.body, state);
  } catch (const std::exception& e) {
    state.health.error = std::string("probe failed: ") + e.what();
  } catch (...) {
    state.health.error = "probe failed";
  }
  return state;
}

}  // namespace clawform
