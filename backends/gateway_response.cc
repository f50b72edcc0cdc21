#include "backends/gateway_response.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clawform {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

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

}  // namespace

void limit_response_parser(GatewayResponseParser& parser) { parser.body_limit(kGatewayBodyLimit); }

beast::error_code check_response_header(const GatewayResponseParser& parser) {
  if (auto length = parser.content_length(); length && *length > kGatewayBodyLimit) return http::error::body_limit;
  return {};
}

std::optional<std::string> describe_response_error(const beast::error_code& ec, bool connected) {
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset)
    return "connection closed without an HTTP response";
  if (ec == http::error::partial_message) return "connection closed in the middle of the response";
  if (ec == http::error::body_limit) return fmt::format("response body over {} bytes", kGatewayBodyLimit);
  const auto& parse_errors = http::make_error_code(http::error::bad_version).category();
  if (connected && ec.category() == parse_errors) return "not an HTTP response (" + ec.message() + ")";
  return std::nullopt;
}

Result<HttpReply> parse_http_response(std::string_view bytes) {
  GatewayResponseParser parser;
  limit_response_parser(parser);
  beast::error_code ec;
  bool header_checked = false;
  if (bytes.empty()) ec = http::error::end_of_stream;
  while (!ec && !parser.is_done()) {
    if (bytes.empty()) {
      parser.put_eof(ec);  // completes a body that runs to the end; else partial_message
      break;
    }
    const std::size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more) ec = {};
    // Every byte left was offered and none taken: what is left is the end.
    if (used == 0) bytes = {};
    if (!ec && !header_checked && parser.is_header_done()) {
      header_checked = true;
      ec = check_response_header(parser);
    }
  }
  if (ec) return Status::error(describe_response_error(ec, /*connected=*/true).value_or(ec.message()));
  return HttpReply{.status = static_cast<int>(parser.get().result_int()), .body = std::move(parser.get().body())};
}

bool read_health_body(const std::string& body, GatewayState& state) {
  std::optional<nlohmann::json> doc = json_object(body);
  if (!doc) return false;
  if (const auto* ok = member(*doc, "ok"); ok && ok->is_boolean()) state.ok = ok->get<bool>();
  if (const auto* status = member(*doc, "status"); status && status->is_string())
    state.status = status->get<std::string>();
  return state.ok.has_value() || state.status.has_value();
}

void read_startup_body(const std::string& body, GatewayState& state) {
  std::optional<nlohmann::json> doc = json_object(body);
  if (!doc) return;
  if (const auto* ok = member(*doc, "ok"); ok && ok->is_boolean()) state.startup_ok = ok->get<bool>();
  if (const auto* status = member(*doc, "status"); status && status->is_string())
    state.startup_status = status->get<std::string>();
  if (const auto* pending = member(*doc, "pendingReason"); pending && pending->is_string())
    state.startup_pending = pending->get<std::string>();
  if (const auto* version = member(*doc, "version"); version && version->is_string())
    state.startup_version = version->get<std::string>();
}

void read_ready_body(const std::string& body, GatewayState& state) {
  std::optional<nlohmann::json> doc = json_object(body);
  if (!doc) return;
  if (const auto* ready = member(*doc, "ready"); ready && ready->is_boolean()) state.is_ready = ready->get<bool>();
  if (const auto* failing = member(*doc, "failing"); failing && failing->is_array())
    for (const auto& item : *failing)
      if (item.is_string()) state.failing.push_back(item.get<std::string>());
}

}  // namespace clawform
