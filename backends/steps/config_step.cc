// config steps: every managed openclaw.json value that differs, written
// with one `openclaw config patch` (SecretRefs, never values), then checked
// with `openclaw config validate`.
#include "backends/config_patch.h"
#include "backends/steps/handlers.h"

namespace clawform {

namespace {

// Where openclaw reads the patch from: beside the journal, which only
// clawform's user can enter; for an instance on a real OS user (topology
// B), in its own state dir, given to it, removed after the step.
std::string patch_file_of(const Step& step, StepContext& ctx) {
  const InstanceLayout& instance = instance_of(step);
  if (instance.account) return instance.state_dir + "/.clawform-config-patch.json";
  return ctx.saved_dir(step) + "/patch.json";
}

}  // namespace

Result<nlohmann::json> ConfigHandler::save(const Step& step, const ConfigTarget&, StepContext& ctx) {
  return save_instance_files(step, /*with_packages=*/false, ctx);
}

Result<std::string> ConfigHandler::run(const Step& step, const ConfigTarget& target, StepContext& ctx) {
  nlohmann::json dotted = nlohmann::json::object();
  for (const auto& [path, value] : target.set) dotted[path] = value;
  const std::string patch_file = patch_file_of(step, ctx);
  if (Status written = ctx.host.write_file(patch_file, nested_config_patch(dotted).dump(2) + "\n", 0600); !written)
    return written;
  if (Status owned = give_to_instance_user(step, patch_file, ctx); !owned) return owned;
  const InstanceLayout& instance = instance_of(step);
  auto patched = ctx.openclaw_run(instance, {"config", "patch", "--file", patch_file});
  if (instance.account)
    if (Status removed = ctx.host.remove(patch_file); !removed) return removed;
  if (!patched) return patched.status();
  if (auto valid = ctx.openclaw_run(instance, {"config", "validate", "--json"}); !valid) return valid.status();
  return std::string();
}

Status ConfigHandler::undo(const Step& step, const ConfigTarget&, const nlohmann::json& record, StepContext& ctx) {
  if (instance_of(step).account)  // a crash between writing and removing it
    if (Status removed = ctx.host.remove(patch_file_of(step, ctx)); !removed) return removed;
  return restore_instance_files(step, record, ctx);
}

std::string ConfigHandler::undo_text(const Step& step, const ConfigTarget&) {
  return step.action == Action::Create
             ? "delete openclaw.json (it did not exist), and restore state/ from the journal"
             : "restore openclaw.json's previous bytes and state/ from the journal";
}

}  // namespace clawform
