// state_dir, secrets_dir and workspace steps: a directory made with its
// mode; a state dir of remove_projects moved aside into the journal (not
// copied: it holds sessions and plugins), and moved back by its undo.
#include <fmt/format.h>

#include "backends/steps/handlers.h"

namespace clawform {

namespace {

std::string moved_to(const Step& step, StepContext& ctx) { return ctx.saved_dir(step) + "/state_dir"; }

}  // namespace

Result<nlohmann::json> DirHandler::save(const Step& step, const DirTarget& target, StepContext& ctx) {
  if (step.action == Action::Delete) {
    if (Status made = ctx.host.make_directory(ctx.saved_dir(step), 0700); !made) return made;
    return nlohmann::json{{"moved_to", moved_to(step, ctx)}};
  }
  return save_path(step, target.path, ctx);
}

Result<std::string> DirHandler::run(const Step& step, const DirTarget& target, StepContext& ctx) {
  if (step.action == Action::Delete) {
    const std::string to = moved_to(step, ctx);
    // After a crash between the rename and its record, the move is done.
    if (!ctx.host.stat(target.path).exists && ctx.host.stat(to).exists) return std::string();
    if (Status moved = ctx.host.rename(target.path, to); !moved) return moved.prefixed("moving into the journal: ");
    return std::string();
  }
  if (step.action == Action::Replace)
    if (Status removed = ctx.host.remove(target.path); !removed) return removed;
  const unsigned mode = target.mode.value_or(0);
  if (Status made = ctx.host.make_directory(target.path, mode ? mode : 0700); !made) return made;
  if (Status owned = give_to_instance_user(step, target.path, ctx); !owned) return owned;
  return std::string();
}

Status DirHandler::undo(const Step& step, const DirTarget& target, const nlohmann::json& record, StepContext& ctx) {
  if (record.contains("moved_to")) {
    const std::string from = record.at("moved_to");
    if (!ctx.host.stat(from).exists) return Status::ok();  // never moved, or moved back already
    return ctx.host.rename(from, target.path).prefixed("moving back from the journal: ");
  }
  return restore_saved(step, record, ctx);
}

std::string DirHandler::undo_text(const Step& step, const DirTarget& target) {
  switch (step.action) {
    case Action::Create: return "remove the directory (it did not exist)";
    case Action::Replace: return "restore the original from the journal";
    case Action::Delete:
      return fmt::format("move the directory back from .clawform/journal/saved/{}/state_dir", step.index);
    default: break;
  }
  const std::string was = step.before.is_object() ? step.before.value("mode", std::string("?")) : "?";
  if (step.before.is_object() && step.before.contains("owner"))
    return fmt::format("give {} back to {} and chmod {}", target.path, step.before.value("owner", std::string("?")), was);
  return fmt::format("chmod {} {}", was, target.path);
}

}  // namespace clawform
