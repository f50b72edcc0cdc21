// restore steps: a backup's state put in place of an instance's
// (`clawform restore INDEX --project P`, docs/operations.md). save() copies
// the whole state dir into the journal (the state as it is, damaged or not:
// what a rollback puts back). run() checks the archive against the index's
// digest, has OpenClaw extract it (`openclaw backup restore --target`, which
// verifies it and only writes into a fresh directory) next to the state
// dir, stops the gateway, swaps the extracted state in by renames and moves
// the kept entries (key files, credentials, plugin packages) over from the
// state it replaces. undo() puts the saved state dir back with the gateway
// stopped and removes what run() left beside it.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends/steps/handlers.h"

namespace clawform {

namespace {

std::string staging_of(const InstanceLayout& instance) { return instance.state_dir + ".clawform-restore"; }
std::string aside_of(const InstanceLayout& instance) { return instance.state_dir + ".clawform-replaced"; }

// Where `openclaw backup restore --target STAGING` put the state dir: the
// archive holds it under <root>/payload/posix/<its absolute path>.
Result<std::string> extracted_state_dir(const std::string& staging, const std::string& said,
                                        const std::string& archived_state_dir) {
  const std::size_t brace = said.find('{');
  nlohmann::json doc = nlohmann::json::parse(brace == std::string::npos ? said : said.substr(brace), nullptr, false);
  if (!doc.is_object() || !doc.contains("archiveRoot") || !doc.at("archiveRoot").is_string())
    return Status::error("openclaw backup restore --json did not say where it put the archive (no archiveRoot)");
  return fmt::format("{}/{}/payload/posix{}", staging, doc.at("archiveRoot").get<std::string>(), archived_state_dir);
}

}  // namespace

Result<nlohmann::json> RestoreHandler::save(const Step& step, const RestoreTarget&, StepContext& ctx) {
  Result<nlohmann::json> saved =
      ctx.host.save_paths({{instance_of(step).state_dir, true}}, ctx.floor(), ctx.saved_dir(step));
  if (!saved) return saved.status();
  return nlohmann::json{{"paths", std::move(*saved)}, {"was_running", ctx.host.gateway_running(instance_of(step))}};
}

Result<std::string> RestoreHandler::run(const Step& step, const RestoreTarget& target, StepContext& ctx) {
  const InstanceLayout& instance = instance_of(step);
  Result<std::string> bytes = ctx.host.read_file(target.archive, std::size_t{16} << 30);
  if (!bytes) return bytes.status().prefixed("the backup's state archive: ");
  if (const std::string digest = ctx.digester.content_digest(*bytes); digest != target.sha256)
    return Status::error(fmt::format("{} is not the archive the backup's index names (sha256 {}, the index says {})",
                                     target.archive, digest, target.sha256));
  const std::string staging = staging_of(instance);
  if (Status cleared = ctx.host.remove(staging); !cleared) return cleared;
  Result<std::string> said = ctx.openclaw_run(instance, {"backup", "restore", target.archive, "--target", staging, "--json"});
  if (!said) return said.status();
  Result<std::string> extracted = extracted_state_dir(staging, *said, target.archived_state_dir);
  if (!extracted) return extracted.status();
  if (!ctx.host.stat(*extracted).exists)
    return Status::error(fmt::format("the archive holds no state dir {} (openclaw extracted it into {})",
                                     target.archived_state_dir, staging));

  // From here the gateway is down until the gateway step starts it again.
  if (Status stopped = ctx.host.stop_gateway(instance); !stopped) return stopped;
  const std::string aside = aside_of(instance);
  if (Status cleared = ctx.host.remove(aside); !cleared) return cleared;
  // The extracted dir has the mode openclaw's extraction gave it (0755 seen):
  // the state dir keeps its own (0700 as clawform makes it).
  const PathState live = ctx.host.stat(instance.state_dir);
  const unsigned mode = live.exists && live.type == "dir" ? live.mode : 0700;
  if (live.exists)
    if (Status moved = ctx.host.rename(instance.state_dir, aside); !moved) return moved;
  if (Status placed = ctx.host.rename(*extracted, instance.state_dir); !placed) return placed;
  if (Status kept = ctx.host.make_directory(instance.state_dir, mode); !kept) return kept;
  for (const std::string& name : target.keep) {
    const std::string kept = aside + "/" + name, into = instance.state_dir + "/" + name;
    if (Status cleared = ctx.host.remove(into); !cleared) return cleared;
    if (ctx.host.stat(kept).exists)
      if (Status moved = ctx.host.rename(kept, into); !moved) return moved;
  }
  if (Status removed = ctx.host.remove(aside); !removed) return removed;
  if (Status removed = ctx.host.remove(staging); !removed) return removed;
  return fmt::format("restored {} from {}", instance.state_dir, target.archive);
}

Status RestoreHandler::undo(const Step& step, const RestoreTarget&, const nlohmann::json& record, StepContext& ctx) {
  if (Status restored = restore_instance_files(step, record, ctx); !restored) return restored;
  // run() stopped it: a rollback starts it again once every file is back.
  if (record.value("was_running", false)) ctx.restart_later(step.instance);
  if (Status removed = ctx.host.remove(aside_of(instance_of(step))); !removed) return removed;
  return ctx.host.remove(staging_of(instance_of(step)));
}

std::string RestoreHandler::undo_text(const Step&, const RestoreTarget&) {
  return "put back the state dir as it was before the restore (saved whole), with the gateway stopped";
}

}  // namespace clawform
