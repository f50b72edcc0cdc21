// health steps: read-only; wait until the gateway is live and ready.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/steps/handlers.h"

namespace clawform {

Status wait_until_healthy(Host& host, int port, std::chrono::milliseconds timeout) {
  using std::chrono::milliseconds;
  const auto deadline = host.now() + timeout;
  GatewayState last;
  while (true) {
    last = host.probe_gateway(port, milliseconds(2'000));
    if (last.live() && last.is_ready.value_or(false)) return Status::ok();
    if (host.now() >= deadline) break;
    host.sleep_for(milliseconds(500));
  }
  std::string seen = !last.health.reachable ? "nothing answers"
                     : !last.live()         ? fmt::format("/health says status {}", last.status.value_or("(none)"))
                                            : fmt::format("/ready says not ready (failing: {})",
                                                          fmt::join(last.failing, ", "));
  return Status::error(fmt::format("the gateway on port {} is not healthy after {:.0f} s: {}", port,
                                   static_cast<double>(timeout.count()) / 1000.0, seen));
}

Result<nlohmann::json> HealthHandler::save(const Step&, const HealthTarget&, StepContext&) {
  return nlohmann::json::object();
}

Result<std::string> HealthHandler::run(const Step&, const HealthTarget& target, StepContext& ctx) {
  if (Status healthy = wait_until_healthy(ctx.host, target.port, ctx.health_timeout); !healthy) return healthy;
  return std::string();
}

Status HealthHandler::undo(const Step&, const HealthTarget&, const nlohmann::json&, StepContext&) {
  return Status::ok();
}

std::string HealthHandler::undo_text(const Step&, const HealthTarget&) { return "none (read-only)"; }

}  // namespace clawform
