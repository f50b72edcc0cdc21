#include "backends/steps/step_handlers.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/openclaw_parse.h"
#include "backends/steps/handlers.h"

namespace clawform {

namespace {

// Calls `f(handler, target)` with the handler of the step's target type.
template <typename F>
auto with_handler(const Step& step, F&& f) {
  return std::visit([&](const auto& target) { return f(handler_for(target), target); }, step.target);
}

// The gateway port the instance's openclaw.json names now.
std::optional<int> configured_port(Host& host, const InstanceLayout& instance) {
  Result<std::string> text = host.read_file(instance.config_path);
  if (!text) return std::nullopt;
  Result<ConfigState> config = parse_openclaw_config(*text);
  if (!config) return std::nullopt;
  return config->gateway_port();
}

}  // namespace

Status StepHandlers::scrubbed(Status status) const {
  return status ? status : Status::error(ctx_.secrets.redact(status.message()));
}

Result<std::string> StepHandlers::scrubbed(Result<std::string> result) const {
  if (!result) return Status::error(ctx_.secrets.redact(result.message()));
  return ctx_.secrets.redact(std::move(*result));
}

Result<nlohmann::json> StepHandlers::save(const Step& step) {
  if (!step.instance) return Status::error(fmt::format("{}: no instance of the manifest serves it", step.address));
  Result<nlohmann::json> saved =
      with_handler(step, [&](auto handler, const auto& target) { return handler.save(step, target, ctx_); });
  if (!saved) return Status::error(ctx_.secrets.redact(saved.message()));
  return saved;
}

Result<std::string> StepHandlers::run(const Step& step) {
  if (!step.instance) return Status::error(fmt::format("{}: no instance of the manifest serves it", step.address));
  return scrubbed(
      with_handler(step, [&](auto handler, const auto& target) { return handler.run(step, target, ctx_); }));
}

Status StepHandlers::undo(const Step& step, const nlohmann::json& record) {
  if (!step.instance) return Status::error(fmt::format("{}: no instance of the manifest serves it", step.address));
  try {
    return scrubbed(
        with_handler(step, [&](auto handler, const auto& target) { return handler.undo(step, target, record, ctx_); }));
  } catch (const nlohmann::json::exception& e) {
    return Status::error(fmt::format("{}: the journal's undo record is damaged: {}", step.address, e.what()));
  }
}

Result<std::string> StepHandlers::verify_undone(const Step& step, const nlohmann::json& record) {
  if (!step.instance) return Status::error(fmt::format("{}: no instance of the manifest serves it", step.address));
  try {
    if (!record.is_object()) return std::string("its undo record names nothing to compare");
    if (record.contains("paths")) {
      if (Status same = ctx_.host.verify_paths(record.at("paths"), ctx_.saved_dir(step)); !same) return scrubbed(same);
      return std::string();
    }
    if (record.contains("moved_to")) {
      const DirTarget* dir = std::get_if<DirTarget>(&step.target);
      if (!dir) return std::string("its undo record does not fit its kind");
      if (!ctx_.host.stat(dir->path).exists) return Status::error(dir->path + " is not back from the journal");
      if (ctx_.host.stat(record.at("moved_to").get<std::string>()).exists)
        return Status::error(dir->path + " is back, but a copy is left in the journal");
      return std::string();
    }
    if (record.contains("was_running")) {
      if (ctx_.host.gateway_running(*step.instance))
        return Status::error(fmt::format("the gateway of instance {} is still running", step.instance->instance));
      return std::string();
    }
    // Saved nothing (a health check, or a step that changed nothing).
    if (record.empty()) return std::string();
    return std::string("its undo record names nothing clawform can compare");
  } catch (const nlohmann::json::exception& e) {
    return Status::error(fmt::format("{}: the journal's undo record is damaged: {}", step.address, e.what()));
  }
}

Result<std::string> StepHandlers::finish_rollback() { return scrubbed(restart_stopped_gateways()); }

Result<std::string> StepHandlers::restart_stopped_gateways() {
  std::vector<std::string> failures, started_again;
  for (const auto& instance : ctx_.restart_after_rollback) {
    const auto start = ctx_.host.now();
    // As it was: on the port of the restored openclaw.json, which is the
    // plan's port only when the plan did not change it.
    const int port = configured_port(ctx_.host, *instance).value_or(instance->port);
    Status started = ctx_.host.start_gateway(*instance, port);
    if (started) started = wait_until_up(ctx_.host, port, ctx_.health_timeout);
    if (!started) {
      failures.push_back(fmt::format("instance {}: {}", instance->instance, started.message()));
      continue;
    }
    const std::chrono::duration<double> took = ctx_.host.now() - start;
    started_again.push_back(fmt::format("gateway of instance {} started again on port {} ({:.1f} s)",
                                        instance->instance, port, took.count()));
  }
  ctx_.restart_after_rollback.clear();
  if (!failures.empty())
    return Status::error(fmt::format("could not start again the gateways that ran before: {}",
                                     fmt::join(failures, "; ")));
  return fmt::format("{}", fmt::join(started_again, "\n"));
}

void describe_undo(Plan& plan) {
  for (Step& step : plan.steps)
    step.undo = with_handler(step, [&](auto handler, const auto& target) { return handler.undo_text(step, target); });
}

}  // namespace clawform
