// plugin steps: an exact npm spec installed with --pin (replacing another
// version with --force), then enabled when an earlier uninstall left it
// disabled; or uninstalled. The undo puts back the instance's npm/, state/
// and openclaw.json as they were, which also undoes what openclaw did.
// With a lock (PluginTarget::integrity): before the install, the registry
// must serve that integrity for package@version (else nothing is
// installed); after it, npm's install record must hold it.
#include <fmt/format.h>

#include "backends/npm_install_record.h"
#include "backends/npm_registry.h"
#include "backends/openclaw_parse.h"
#include "backends/process_runner.h"
#include "backends/steps/handlers.h"
#include "compiler/diff.h"

namespace clawform {

namespace {

// The registry's integrity for the target, against the lock's.
Status check_registry(const PluginTarget& target, StepContext& ctx) {
  const ProcessRequest request =
      npm_view_request(target.package, target.version, {.timeout = ctx.command_timeout});
  Result<LockedPackage> served =
      read_npm_view(ctx.host.run(request), format_argv(request.argv), target.package, target.version);
  if (!served) return served.status().prefixed("checking clawform.lock before the install: ");
  if (served->integrity != *target.integrity)
    return Status::error(fmt::format(
        "{}@{}: clawform.lock says {} but the registry serves {}; the lock or the registry changed since "
        "`clawform lock`: nothing was installed",
        target.package, target.version, *target.integrity, served->integrity));
  return Status::ok();
}

// npm's install record of the installed plugin, against the lock's.
Status check_install_record(const PluginTarget& target, const PluginState& installed, StepContext& ctx) {
  Result<std::string> path = install_record_path(installed.root_dir, target.package);
  if (!path) return path.status();
  Result<std::string> text = ctx.host.read_file(*path);
  if (!text) return text.status().prefixed("npm's install record: ");
  Result<InstallRecord> record = parse_install_record(*text, *path, target.package);
  if (!record) return record.status();
  if (record->version != target.version || record->integrity != *target.integrity)
    return Status::error(fmt::format("{}: npm installed {}@{} with integrity {}, but clawform.lock says {}@{} is {}",
                                     *path, target.package, record->version, record->integrity, target.package,
                                     target.version, *target.integrity));
  return Status::ok();
}

}  // namespace

Result<nlohmann::json> PluginHandler::save(const Step& step, const PluginTarget&, StepContext& ctx) {
  return save_instance_files(step, /*with_packages=*/true, ctx);
}

Result<std::string> PluginHandler::run(const Step& step, const PluginTarget& target, StepContext& ctx) {
  const InstanceLayout& instance = instance_of(step);
  if (step.action == Action::Delete) {
    if (!target.id) return Status::error(fmt::format("{}: the plan names no plugin id to uninstall", step.address));
    if (auto removed = ctx.openclaw_run(instance, {"plugins", "uninstall", *target.id, "--force"}); !removed)
      return removed.status();
    return std::string();
  }
  const bool installed = target.id.has_value();
  const bool same_version = step.before.is_object() && step.before.value("version", "") == target.version;
  if (!installed || !same_version) {
    if (target.integrity)
      if (Status served = check_registry(target, ctx); !served) return served;
    std::vector<std::string> args = {"plugins", "install", target.package + "@" + target.version, "--pin"};
    if (installed) args.push_back("--force");  // replaces the installed version
    if (auto done = ctx.openclaw_run(instance, args); !done) return done.status();
  }
  // install does not enable a plugin an earlier uninstall left disabled:
  // read back what is there, and enable it when needed.
  Result<std::string> listing = ctx.openclaw_run(instance, {"plugins", "list", "--json"});
  if (!listing) return listing.status();
  Result<std::vector<PluginState>> plugins = parse_plugins_list(*listing);
  if (!plugins) return plugins.status().prefixed("`openclaw plugins list --json` after the change: ");
  for (const PluginState& p : *plugins) {
    if (p.install_spec.empty() || package_of_install_spec(p.install_spec) != target.package) continue;
    if (p.version != target.version)
      return Status::error(fmt::format("{} is at {} after the install, not {}", target.package, p.version,
                                       target.version));
    if (target.integrity)
      if (Status recorded = check_install_record(target, p, ctx); !recorded) return recorded;
    if (p.enabled) return std::string();
    if (auto enabled = ctx.openclaw_run(instance, {"plugins", "enable", p.id}); !enabled) return enabled.status();
    return std::string();
  }
  return Status::error(fmt::format("{} is not listed by `openclaw plugins list` after the install", target.package));
}

Status PluginHandler::undo(const Step& step, const PluginTarget&, const nlohmann::json& record, StepContext& ctx) {
  return restore_instance_files(step, record, ctx);
}

std::string PluginHandler::undo_text(const Step& step, const PluginTarget& target) {
  const std::string restore = "restore npm/, state/ and openclaw.json from the journal";
  const std::string was = step.before.is_object() ? step.before.value("version", std::string()) : "";
  if (step.action == Action::Create) return restore + fmt::format(" ({} not installed again)", target.package);
  if (step.action == Action::Delete) return restore + fmt::format(" ({}@{} installed again)", target.package, was);
  if (was != target.version) return restore + fmt::format(" ({}@{} again)", target.package, was);
  return restore + fmt::format(" ({} disabled again)", target.package);
}

}  // namespace clawform
