// What config and plugin steps save and put back: the files openclaw
// rewrites when it changes an instance's config or plugins; and who owns
// what clawform writes for an instance.
#include <filesystem>

#include "backends/steps/handlers.h"

namespace clawform {

Result<nlohmann::json> save_path(const Step& step, const std::string& path, StepContext& ctx) {
  Result<nlohmann::json> saved = ctx.host.save_paths({{path, false}}, ctx.floor(), ctx.saved_dir(step));
  if (!saved) return saved.status();
  return nlohmann::json{{"paths", std::move(*saved)}};
}

Status restore_saved(const Step& step, const nlohmann::json& record, StepContext& ctx) {
  if (!record.contains("paths")) return Status::ok();  // saved nothing: changed nothing
  return ctx.host.restore_paths(record.at("paths"), ctx.saved_dir(step));
}

Status give_to_instance_user(const Step& step, const std::string& path, StepContext& ctx) {
  const std::optional<OsAccount>& account = instance_of(step).account;
  if (!account) return Status::ok();
  if (Status owned = ctx.host.set_owner(path, *account); !owned) return owned;
  const std::string home = account->home + "/";
  for (std::filesystem::path parent = std::filesystem::path(path).parent_path();
       parent.string().starts_with(home); parent = parent.parent_path())
    if (Status owned = ctx.host.set_owner(parent.string(), *account); !owned) return owned;
  return Status::ok();
}

Result<nlohmann::json> save_instance_files(const Step& step, bool with_packages, StepContext& ctx) {
  const std::string& state_dir = instance_of(step).state_dir;
  std::vector<SavedPath> paths;
  for (const char* file : {"openclaw.json", "openclaw.json.bak", "config-journal-fingerprint.key"})
    paths.push_back({state_dir + "/" + file, false});
  paths.push_back({state_dir + "/state", true});
  if (with_packages) {
    paths.push_back({state_dir + "/npm", true});
    paths.push_back({state_dir + "/tmp", true});
  }
  Result<nlohmann::json> saved = ctx.host.save_paths(paths, ctx.floor(), ctx.saved_dir(step));
  if (!saved) return saved.status();
  return nlohmann::json{{"paths", std::move(*saved)}};
}

Status restore_instance_files(const Step& step, const nlohmann::json& record, StepContext& ctx) {
  if (!record.contains("paths")) return Status::ok();
  // The state DB must not be swapped under a running gateway.
  if (ctx.host.gateway_running(instance_of(step))) {
    if (Status stopped = ctx.host.stop_gateway(instance_of(step)); !stopped) return stopped;
    ctx.restart_later(step.instance);
  }
  return restore_saved(step, record, ctx);
}

}  // namespace clawform
