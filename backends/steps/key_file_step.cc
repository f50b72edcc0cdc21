// key_file steps: NAME=VALUE lines, 0600. The values are read from their
// references only here, and must have the digests the reviewed plan
// recorded; they are written once and wiped from memory.
#include <algorithm>

#include <fmt/format.h>

#include "backends/steps/handlers.h"

namespace clawform {

Result<nlohmann::json> KeyFileHandler::save(const Step& step, const KeyFileTarget& target, StepContext& ctx) {
  return save_path(step, target.path, ctx);
}

Result<std::string> KeyFileHandler::run(const Step& step, const KeyFileTarget& target, StepContext& ctx) {
  std::string content;
  auto wipe = [&] { std::fill(content.begin(), content.end(), '\0'); };
  for (const KeyEntry& key : target.keys) {
    if (!key.ref) {
      wipe();
      return Status::error(fmt::format("project {}: key {} is not in the plan's manifest", step.project, key.name));
    }
    const std::string where = fmt::format("project {}: key {} ({})", step.project, key.name, key.ref->describe());
    Result<std::string> value = ctx.secrets.read(*key.ref);
    if (!value) {
      wipe();
      return value.status().prefixed(where + ": ");
    }
    const bool one_line = value->find_first_of("\r\n") == std::string::npos;
    const bool as_planned = ctx.digester.secret_digest(*value) == key.digest;
    if (one_line && as_planned) content += key.name + "=" + *value + "\n";
    std::fill(value->begin(), value->end(), '\0');
    if (!one_line || !as_planned) {
      wipe();
      return Status::error(where + (one_line ? ": the value is not the one the plan was made with; make a new plan"
                                             : ": the value has a line break, which a key file cannot hold"));
    }
  }
  Status written = ctx.host.write_file(target.path, content, target.mode);
  wipe();
  if (!written) return written;
  if (Status owned = give_to_instance_user(step, target.path, ctx); !owned) return owned;
  return std::string();
}

Status KeyFileHandler::undo(const Step& step, const KeyFileTarget&, const nlohmann::json& record, StepContext& ctx) {
  return restore_saved(step, record, ctx);
}

std::string KeyFileHandler::undo_text(const Step& step, const KeyFileTarget&) {
  return step.action == Action::Create ? "delete the key file (it did not exist)"
                                       : "restore the previous key file from its 0600 copy beside the journal";
}

}  // namespace clawform
