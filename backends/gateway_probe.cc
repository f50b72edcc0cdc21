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
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clawform {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// /health and /ready bodies are tens of bytes to a few KiB; anything bigger
// is not a gateway, and must not make the probe buffer without bound.
constexpr std::uint64_t kBodyLimit = 1 << 20;

struct Exchange {
  HttpCheck check;
  bool connected = false;  // something accepted the TCP connection
  std::string body;
};

std::string describe_error(const beast::error_code& ec, bool connected, std::chrono::milliseconds timeout) {
  if (ec == beast::error::timeout)
    return fmt::format("timed out after {:.1f} s", static_cast<double>(timeout.count()) / 1000.0);
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset)
    return "connection closed without an HTTP response";
  if (ec == http::error::partial_message) return "connection closed in the middle of the response";
  if (ec == http::error::body_limit) return fmt::format("response body over {} bytes", kBodyLimit);
  const auto& parse_errors = http::make_error_code(http::error::bad_version).category();
  if (connected && ec.category() == parse_errors) return "not an HTTP response (" + ec.message() + ")";
  return ec.message();
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
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);
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
        // Beast 1.74 loses the parser's own Content-Length check against
        // body_limit when it parses eagerly, so check it here; chunked and
        // read-to-EOF bodies are limited by the parser.
        if (auto length = parser.content_length(); length && *length > kBodyLimit) {
          ec = http::error::body_limit;
          return;
        }
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

// The body as a JSON object; nullopt for anything else (never throws).
std::optional<nlohmann::json> json_object(const std::string& body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return std::nullopt;  // also covers a discarded (unparsable) value
  return doc;
}

const nlohmann::json* member(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Fills ok/status; true when the body is what an OpenClaw gateway's /health
// answers (a JSON object with a boolean "ok" or a string "status").
bool read_health(const std::string& body, GatewayState& state) {
  std::optional<nlohmann::json> doc = json_object(body);
  if (!doc) return false;
  if (const auto* ok = member(*doc, "ok"); ok && ok->is_boolean()) state.ok = ok->get<bool>();
  if (const auto* status = member(*doc, "status"); status && status->is_string())
    state.status = status->get<std::string>();
  return state.ok.has_value() || state.status.has_value();
}

void read_startup(const std::string& body, GatewayState& state) {
  std::optional<nlohmann::json> doc = json_object(body);
  if (!doc) return;
  if (const auto* ok = member(*doc, "ok"); ok && ok->is_boolean()) state.startup_ok = ok->get<bool>();
  if (const auto* status = member(*doc, "status"); status && status->is_string())
    state.startup_status = status->get<std::string>();
  if (const auto* pending = member(*doc, "pendingReason"); pending && pending->is_string())
    state.startup_pending = pending->get<std::string>();
}

void read_ready(const std::string& body, GatewayState& state) {
  std::optional<nlohmann::json> doc = json_object(body);
  if (!doc) return;
  if (const auto* ready = member(*doc, "ready"); ready && ready->is_boolean()) state.is_ready = ready->get<bool>();
  if (const auto* failing = member(*doc, "failing"); failing && failing->is_array())
    for (const auto& item : *failing)
      if (item.is_string()) state.failing.push_back(item.get<std::string>());
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
    if (!read_health(health.body, state)) {
      // Asking /startupz and /ready of something that is not a gateway
      // would only cost more timeouts.
      state.port_held_by_other = true;
      state.startup.error = state.ready.error = "not probed: /health did not answer as an OpenClaw gateway";
      return state;
    }
    Exchange startup = get(port, "/startupz", options.timeout);
    state.startup = startup.check;
    read_startup(startup.body, state);
    Exchange ready = get(port, "/ready", options.timeout);
    state.ready = ready.check;
    read_ready(ready.body, state);
  } catch (const std::exception& e) {
    state.health.error = std::string("probe failed: ") + e.what();
  } catch (...) {
    state.health.error = "probe failed";
  }
  return state;
}

}  // namespace clawform
