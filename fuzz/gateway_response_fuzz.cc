// The gateway probe's reading of an HTTP answer (backends/gateway_response.h):
// the bytes a peer on a gateway's port sent before closing, parsed by the
// probe's Beast parser with its limits, then read as a /health, /startupz
// and /ready body.
#include <cstdint>
#include <string_view>

#include "backends/gateway_response.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  clawform::Result<clawform::HttpReply> reply = clawform::parse_http_response(bytes);
  if (!reply) {
    FUZZ_REQUIRE(!reply.message().empty(), "an unreadable response says why");
    return 0;
  }
  FUZZ_REQUIRE(reply->body.size() <= clawform::kGatewayBodyLimit, "the body limit holds");
  clawform::GatewayState state;
  (void)clawform::read_health_body(reply->body, state);
  clawform::read_startup_body(reply->body, state);
  clawform::read_ready_body(reply->body, state);
  (void)state.live();
  (void)state.started();
  return 0;
}
