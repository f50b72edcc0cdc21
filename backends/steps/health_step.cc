// health steps: read-only; wait until the restarted gateway passes the
// health gate (compiler/health_gate.h) against the /ready baseline apply
// took before its first step.
#include <fmt/format.h>

#include "backends/steps/handlers.h"
#include "compiler/health_gate.h"

namespace clawform {

namespace {

// Probes every half second until the gate is passed (or, without
// `judge_ready`, until the gateway is up), or `timeout` passes.
Result<std::string> wait_for_gate(Host& host, int port, std::chrono::milliseconds timeout,
                                  const std::vector<std::string>* ready_before, bool judge_ready) {
  using std::chrono::milliseconds;
  const auto deadline = host.now() + timeout;
  HealthVerdict last;
  while (true) {
    last = judge_health(host.probe_gateway(port, milliseconds(2'000)), ready_before);
    if (judge_ready ? last.passed : last.up) return last.text;
    if (host.now() >= deadline) break;
    host.sleep_for(milliseconds(500));
  }
  return Status::error(fmt::format("the gateway on port {} is not healthy after {:.0f} s: {}", port,
                                   static_cast<double>(timeout.count()) / 1000.0, last.text));
}

}  // namespace

Result<std::string> wait_until_healthy(Host& host, int port, std::chrono::milliseconds timeout,
                                       const std::vector<std::string>* ready_before) {
  return wait_for_gate(host, port, timeout, ready_before, /*judge_ready=*/true);
}

Status wait_until_up(Host& host, int port, std::chrono::milliseconds timeout) {
  return wait_for_gate(host, port, timeout, nullptr, /*judge_ready=*/false).status();
}

Result<nlohmann::json> HealthHandler::save(const Step&, const HealthTarget&, StepContext&) {
  return nlohmann::json::object();
}

Result<std::string> HealthHandler::run(const Step& step, const HealthTarget& target, StepContext& ctx) {
  auto before = ctx.ready_before.find(instance_of(step).instance);
  return wait_until_healthy(ctx.host, target.port, ctx.health_timeout,
                            before == ctx.ready_before.end() ? nullptr : &before->second);
}

Status HealthHandler::undo(const Step&, const HealthTarget&, const nlohmann::json&, StepContext&) {
  return Status::ok();
}

std::string HealthHandler::undo_text(const Step&, const HealthTarget&) { return "none (read-only)"; }

}  // namespace clawform
