#pragma once
// The ports an OpenClaw 2026.9.6 gateway takes besides its own, derived from
// its port P (read in OpenClaw's dist; docs/ports.md):
//
//   P        the gateway
//   P+1      the MCP App sandbox host (gateway port + 1; started with
//            mcp.apps.enabled, else on first use)
//   P+2      browser control (deriveDefaultBrowserControlPort)
//   P+3..10  browser extension relays (control + 8, counting down)
//   P+11..110 managed Chrome CDP ports (deriveDefaultBrowserCdpPortRange)
//
// With the browser off (`browser.enabled: false`) only P and P+1 remain.
// OpenClaw 2026.9.6 has no setting that moves the browser's ports: they
// follow the gateway port. Near 65535 OpenClaw falls back to fixed ports
// (control 18791, CDP 18800-18899); so does this.

#include <string_view>
#include <vector>

namespace clawform {

struct ReservedPorts {
  std::string_view role;  // "gateway", "browser control", ...
  int first = 0;
  int last = 0;           // inclusive
};

// Every port a gateway on `port` may listen on, in ascending order of
// offset. REQUIRES: 1 <= port <= 65535.
std::vector<ReservedPorts> reserved_ports(int port, bool browser);

// The smallest distance between two gateways' ports that keeps their
// reserved ports apart when both use OpenClaw's default port derivation.
int minimum_gateway_spacing(bool browser);

}  // namespace clawform
