// service steps: the launchd plist or systemd unit that runs an instance's
// gateway, written 0644 (or deleted, for remove_projects), then read back:
// the profile, port and state dir it names must be the manifest's
// (compiler/service_file_fields.h), or the step fails. Loading it is the
// gateway step's business.
#include <filesystem>

#include "backends/steps/handlers.h"
#include "compiler/service_file_fields.h"

namespace clawform {

Result<nlohmann::json> ServiceHandler::save(const Step& step, const ServiceTarget& target, StepContext& ctx) {
  return save_path(step, target.path, ctx);
}

Result<std::string> ServiceHandler::run(const Step& step, const ServiceTarget& target, StepContext& ctx) {
  if (step.action == Action::Delete || !target.content) {
    if (Status removed = ctx.host.remove(target.path); !removed) return removed;
    return std::string();
  }
  const std::string dir = std::filesystem::path(target.path).parent_path().string();
  if (!ctx.host.stat(dir).exists)
    if (Status made = ctx.host.make_directory(dir, 0755); !made) return made;
  if (Status written = ctx.host.write_file(target.path, *target.content, 0644); !written) return written;
  if (Status owned = give_to_instance_user(step, target.path, ctx); !owned) return owned;
  Result<std::string> back = ctx.host.read_file(target.path);
  if (!back) return back.status();
  if (Status agrees = check_service_fields(target.path, *back, instance_of(step)); !agrees) return agrees;
  return std::string();
}

Status ServiceHandler::undo(const Step& step, const ServiceTarget&, const nlohmann::json& record, StepContext& ctx) {
  return restore_saved(step, record, ctx);
}

std::string ServiceHandler::undo_text(const Step& step, const ServiceTarget&) {
  switch (step.action) {
    case Action::Create: return "delete the file (it did not exist)";
    case Action::Delete: return "restore the file from the journal";
    default: return "restore the previous file from the journal";
  }
}

}  // namespace clawform
