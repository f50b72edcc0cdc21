#include "compiler/health_gate.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

// Why /health or /startupz does not say up; "" when both do.
std::string not_up(const GatewayState& g) {
  if (g.port_held_by_other)
    return fmt::format("port {} is held by a program that is not an OpenClaw gateway", g.port);
  if (!g.health.reachable) return "nothing answers";
  if (!g.live()) return fmt::format("/health says status {}", g.status.value_or("(none)"));
  if (g.started()) return "";
  if (!g.startup.reachable)
    return fmt::format("/startupz did not answer ({})", g.startup.error.empty() ? "no response" : g.startup.error);
  if (!g.startup_status) return fmt::format("/startupz answered HTTP {} without a status", g.startup.http_status);
  std::string out = fmt::format("/startupz says status {}", *g.startup_status);
  if (g.startup_pending) out += fmt::format(" (pending: {})", *g.startup_pending);
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

std::optional<std::vector<std::string>> ready_failures(const GatewayState& gateway) {
  if (!gateway.ready.reachable || !gateway.is_ready) return std::nullopt;
  if (*gateway.is_ready) return std::vector<std::string>{};
  if (gateway.failing.empty()) return std::vector<std::string>{"(unnamed)"};
  return gateway.failing;
}

ReadyBaseline ready_baseline(const LiveState& live) {
  ReadyBaseline baseline;
  for (const InstanceState& instance : live.instances)
    if (std::optional<std::vector<std::string>> failing = ready_failures(instance.gateway))
      baseline[instance.instance] = std::move(*failing);
  return baseline;
}

HealthVerdict judge_health(const GatewayState& now, const std::vector<std::string>* before) {
  HealthVerdict verdict;
  if (std::string why = not_up(now); !why.empty()) {
    verdict.text = std::move(why);
    return verdict;
  }
  verdict.up = true;
  const std::string up = "/health live, /startupz started";
  std::optional<std::vector<std::string>> after = ready_failures(now);
  if (!after) {
    verdict.text = fmt::format("{}; /ready did not answer ({})", up,
                               !now.ready.error.empty() ? now.ready.error
                                                        : fmt::format("HTTP {} without \"ready\"", now.ready.http_status));
    return verdict;
  }
  std::vector<std::string> added, kept;
  for (const std::string& failing : *after) (before && contains(*before, failing) ? kept : added).push_back(failing);
  const std::string ignored =
      kept.empty() ? "" : fmt::format("{} failing before and after, ignored", fmt::join(kept, ", "));
  if (!added.empty()) {
    verdict.text = fmt::format("{}; /ready: {} failing after the restart and not before{}{}", up, fmt::join(added, ", "),
                               before ? "" : " (the gateway did not answer before the apply)",
                               ignored.empty() ? "" : "; " + ignored);
    return verdict;
  }
  verdict.passed = true;
  verdict.text = fmt::format("healthy: {}; /ready: {}", up, ignored.empty() ? "ready" : ignored);
  return verdict;
}

}  // namespace clawform
