#pragma once
// What an OpenClaw gateway's HTTP answers say, apart from the socket: the
// response parser as the probe sets it up (Beast's, with the body limit and
// the Content-Length check Beast 1.74 skips), the words for a response that
// is not one, and the fields of the /health, /startupz and /ready bodies.
// backends/gateway_probe.cc reads the socket through these; parse_http_response()
// feeds them bytes already in memory (fuzz/gateway_response_fuzz.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "compiler/live_state.h"
#include "compiler/status.h"

namespace clawform {

// /health and /ready bodies are tens of bytes to a few KiB; anything bigger
// is not a gateway, and must not make the probe buffer without bound.
inline constexpr std::uint64_t kGatewayBodyLimit = 1 << 20;

using GatewayResponseParser = boost::beast::http::response_parser<boost::beast::http::string_body>;

// A parser with the probe's limits.
void limit_response_parser(GatewayResponseParser& parser);

// Once the header is parsed: http::error::body_limit when its Content-Length
// is over the limit (Beast 1.74 loses that check when it parses eagerly),
// else no error.
boost::beast::error_code check_response_header(const GatewayResponseParser& parser);

// An operator's words for a failure to read or parse a response, nullopt
// for errors that are not about the response (timeouts, refused connects:
// the caller words those). `connected`: something accepted the connection.
std::optional<std::string> describe_response_error(const boost::beast::error_code& ec, bool connected);

struct HttpReply {
  int status = 0;
  std::string body;
};

// One whole HTTP/1.x response as the peer sent it before closing, read by
// the same parser with the same limits as the probe; an error in the
// probe's words when it is not a complete response.
Result<HttpReply> parse_http_response(std::string_view bytes);

// The body fields; never throw. read_health_body() is true when the body is
// what an OpenClaw gateway's /health answers (a JSON object with a boolean
// "ok" or a string "status").
bool read_health_body(const std::string& body, GatewayState& state);
void read_startup_body(const std::string& body, GatewayState& state);
void read_ready_body(const std::string& body, GatewayState& state);

}  // namespace clawform
