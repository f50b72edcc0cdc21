// An HTTP answer read from memory with the probe's parser and limits
// (backends/gateway_response.h); the socket side is gateway_probe_test.cc.
#include <doctest/doctest.h>

#include <string>

#include "backends/gateway_response.h"

namespace clawform {
namespace {

std::string error_of(std::string_view bytes) {
  Result<HttpReply> reply = parse_http_response(bytes);
  return reply ? "(parsed)" : reply.message();
}

TEST_CASE("gateway response: a whole response, by Content-Length, chunked, or to the end") {
  Result<HttpReply> sized = parse_http_response(
      "HTTP/1.1 200 OK\r\nContent-Length: 27\r\n\r\n{\"ok\":true,\"status\":\"live\"}");
  REQUIRE(sized);
  CHECK(sized->status == 200);
  CHECK(sized->body == R"({"ok":true,"status":"live"})");

  Result<HttpReply> chunked = parse_http_response(
      "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
      "d\r\n{\"ready\":fals\r\n1\r\ne\r\n1\r\n}\r\n0\r\n\r\n");
  REQUIRE(chunked);
  CHECK(chunked->status == 503);
  CHECK(chunked->body == R"({"ready":false})");

  Result<HttpReply> to_end = parse_http_response("HTTP/1.0 200 OK\r\n\r\n{\"ok\":true}");
  REQUIRE(to_end);
  CHECK(to_end->body == R"({"ok":true})");
}

TEST_CASE("gateway response: what is not a whole response, in the probe's words") {
  CHECK(error_of("") == "connection closed without an HTTP response");
  CHECK(error_of("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"ok\":tr") ==
        "connection closed in the middle of the response");
  CHECK(error_of("HTTP/1.1 200 OK\r\nContent-Le") == "connection closed in the middle of the response");
  CHECK(error_of("HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n{}") == "response body over 1048576 bytes");
  CHECK(error_of("SSH-2.0-OpenSSH_9.2p1 Debian\r\n").starts_with("not an HTTP response ("));
}

TEST_CASE("gateway response: the body fields - anything else leaves them unset") {
  GatewayState state;
  CHECK(read_health_body(R"({"ok":true,"status":"live"})", state));
  CHECK(state.live());
  read_startup_body(R"({"ok":false,"status":"starting","pendingReason":"channels"})", state);
  CHECK(state.startup_status == "starting");
  CHECK(state.startup_pending == "channels");
  CHECK_FALSE(state.startup_version.has_value());
  read_startup_body(R"({"ok":true,"status":"started","version":"2026.9.6"})", state);
  CHECK(state.startup_version == "2026.9.6");
  read_ready_body(R"({"ready":false,"failing":["telegram",7,"gateway-draining"]})", state);
  CHECK(state.is_ready == false);
  CHECK(state.failing == std::vector<std::string>{"telegram", "gateway-draining"});

  GatewayState other;
  CHECK_FALSE(read_health_body("<html>It works!</html>", other));
  CHECK_FALSE(read_health_body(R"(["ok",true])", other));
  CHECK_FALSE(read_health_body(R"({"ok":"yes","status":1})", other));
  CHECK_FALSE(other.ok.has_value());
}

}  // namespace
}  // namespace clawform
