// gateway steps: restart an instance's gateway (or stop it, for
// remove_projects). The undo stops it; one that ran before the apply is
// started again by finish_rollback(), once its files are back.
#include "backends/steps/handlers.h"

namespace clawform {

Result<nlohmann::json> GatewayHandler::save(const Step& step, const GatewayTarget&, StepContext& ctx) {
  return nlohmann::json{{"was_running", ctx.host.gateway_running(instance_of(step))}};
}

Result<std::string> GatewayHandler::run(const Step& step, const GatewayTarget& target, StepContext& ctx) {
  Status done = step.action == Action::Delete ? ctx.host.stop_gateway(instance_of(step))
                                              : ctx.host.start_gateway(instance_of(step), target.port);
  if (!done) return done;
  return std::string();
}

Status GatewayHandler::undo(const Step& step, const GatewayTarget&, const nlohmann::json& record, StepContext& ctx) {
  if (Status stopped = ctx.host.stop_gateway(instance_of(step)); !stopped) return stopped;
  if (record.value("was_running", false)) ctx.restart_later(step.instance);
  return Status::ok();
}

std::string GatewayHandler::undo_text(const Step& step, const GatewayTarget&) {
  if (step.action == Action::Delete) return "start the gateway again";
  const bool was_live = step.before.is_object() && step.before.value("status", "") == "live";
  return was_live ? "restart with the restored configuration" : "stop the gateway (it was not running)";
}

}  // namespace clawform
