#include "schema/port_plan.h"

namespace clawform {

namespace {

constexpr int kMaxPort = 65535;
// OpenClaw's fallbacks when a derived port would pass 65535.
constexpr int kFallbackControlPort = 18791;
constexpr int kFallbackCdpFirst = 18800;
constexpr int kCdpSpan = 99;

int derive(int base, int offset, int fallback) { return base + offset <= kMaxPort ? base + offset : fallback; }

}  // namespace

std::vector<ReservedPorts> reserved_ports(int port, bool browser) {
  std::vector<ReservedPorts> out = {{"gateway", port, port}};
  if (port + 1 <= kMaxPort) out.push_back({"MCP App sandbox", port + 1, port + 1});
  if (!browser) return out;
  const int control = derive(port, 2, kFallbackControlPort);
  out.push_back({"browser control", control, control});
  // Extension relays count down from control + 8 and never reach control.
  if (control + 8 <= kMaxPort) out.push_back({"browser extension relays", control + 1, control + 8});
  int cdp = derive(control, 9, kFallbackCdpFirst);
  if (cdp + kCdpSpan > kMaxPort) cdp = kFallbackCdpFirst;
  out.push_back({"browser CDP", cdp, cdp + kCdpSpan});
  return out;
}

int minimum_gateway_spacing(bool browser) { return browser ? 111 : 2; }

}  // namespace clawform
