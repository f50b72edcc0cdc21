// The ports a gateway takes besides its own (OpenClaw 2026.9.6's derivation,
// docs/ports.md), including its fallbacks near 65535.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include "schema/port_plan.h"

namespace clawform {
namespace {

std::string text(const std::vector<ReservedPorts>& ports) {
  std::string out;
  for (const ReservedPorts& r : ports) out += fmt::format("{} {}-{}\n", r.role, r.first, r.last);
  return out;
}

TEST_CASE("port plan: a gateway on P with the browser on takes P..P+110") {
  CHECK(text(reserved_ports(18789, true)) ==
        "gateway 18789-18789\n"
        "MCP App sandbox 18790-18790\n"
        "browser control 18791-18791\n"
        "browser extension relays 18792-18799\n"
        "browser CDP 18800-18899\n");
  CHECK(minimum_gateway_spacing(true) == 111);
}

TEST_CASE("port plan: with the browser off, P and P+1") {
  CHECK(text(reserved_ports(20000, false)) == "gateway 20000-20000\nMCP App sandbox 20001-20001\n");
  CHECK(minimum_gateway_spacing(false) == 2);
}

TEST_CASE("port plan: near 65535 OpenClaw falls back to its fixed ports") {
  // CDP would end past 65535: 18800-18899.
  CHECK(text(reserved_ports(65500, true)) ==
        "gateway 65500-65500\n"
        "MCP App sandbox 65501-65501\n"
        "browser control 65502-65502\n"
        "browser extension relays 65503-65510\n"
        "browser CDP 18800-18899\n");
  // The control port itself would pass 65535: 18791, and CDP from it.
  CHECK(text(reserved_ports(65535, true)) ==
        "gateway 65535-65535\n"
        "browser control 18791-18791\n"
        "browser extension relays 18792-18799\n"
        "browser CDP 18800-18899\n");
}

}  // namespace
}  // namespace clawform
