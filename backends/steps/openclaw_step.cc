// openclaw steps: the OpenClaw an instance moves to (an upgrade, a
// downgrade, or a new instance on a release clawform installs). run()
// installs the release when clawform installs it and it is absent
// (backends/release_install.h: checked against clawform.lock, renamed into
// place whole), then asks the binary its version. The switch itself is the
// service step's (the service file names the binary) and the gateway
// restart's. save() copies the whole state dir, which a newer OpenClaw
// migrates when it starts (its SQLite databases, through SQLite's backup
// when in use); undo() puts it back with the gateway stopped, and removes
// a release this step installed.
#include <fmt/format.h>

#include "backends/openclaw_parse.h"
#include "backends/release_install.h"
#include "backends/steps/handlers.h"

namespace clawform {

namespace {

std::optional<OpenClawRelease> release_of(const OpenClawTarget& target) {
  if (!target.node_major) return std::nullopt;
  return OpenClawRelease{target.version, *target.node_major};
}

}  // namespace

Result<nlohmann::json> OpenClawHandler::save(const Step& step, const OpenClawTarget& target, StepContext& ctx) {
  // The whole state dir: OpenClaw migrates SQLite databases all over it when
  // a newer release starts (2026.9.6 moves agents/<id>/agent/openclaw-agent.sqlite
  // from schema 21 to 23, and 2026.9.5 then refuses to start on it).
  Result<nlohmann::json> saved =
      ctx.host.save_paths({{instance_of(step).state_dir, true}}, ctx.floor(), ctx.saved_dir(step));
  if (!saved) return saved.status();
  Result<nlohmann::json> record = nlohmann::json{{"paths", std::move(*saved)}};
  if (std::optional<OpenClawRelease> release = release_of(target))
    (*record)["release_existed"] = ctx.host.stat(release_prefix(ctx.paths, *release)).exists;
  return record;
}

Result<std::string> OpenClawHandler::run(const Step& step, const OpenClawTarget& target, StepContext& ctx) {
  std::string note;
  if (std::optional<OpenClawRelease> release = release_of(target)) {
    const auto started = ctx.host.now();
    ReleaseInstallOptions options;
    options.timeout = std::max(ctx.command_timeout, std::chrono::milliseconds(900'000));
    options.integrity = target.integrity;
    Result<ReleaseInstall> installed = install_release(ctx.host, ctx.paths, *release, options);
    if (!installed) return installed.status();
    const double seconds = std::chrono::duration<double>(ctx.host.now() - started).count();
    note = installed->installed
               ? fmt::format("installed OpenClaw {} on Node {} in {} ({:.0f} s)", release->version,
                             installed->record.node_version, installed->prefix, seconds)
               : fmt::format("OpenClaw {} on Node {} was installed already ({})", release->version,
                             installed->record.node_version, installed->prefix);
  }
  // What the instance will run, asked as the instance (its user, its HOME).
  Result<std::string> said = ctx.openclaw_run(instance_of(step), {"--version"});
  if (!said) return said.status();
  Result<std::string> version = parse_openclaw_version(*said);
  if (!version) return version.status().prefixed(target.binary + " --version: ");
  if (*version != target.version)
    return Status::error(fmt::format("{} says it is OpenClaw {}, not {}", target.binary, *version, target.version));
  return note;
}

Status OpenClawHandler::undo(const Step& step, const OpenClawTarget& target, const nlohmann::json& record,
                             StepContext& ctx) {
  if (Status restored = restore_instance_files(step, record, ctx); !restored) return restored;
  std::optional<OpenClawRelease> release = release_of(target);
  if (release && record.contains("release_existed") && !record.at("release_existed").get<bool>())
    return ctx.host.remove(release_prefix(ctx.paths, *release));
  return Status::ok();
}

std::string OpenClawHandler::undo_text(const Step& step, const OpenClawTarget& target) {
  std::string text = "put back the state dir as saved before the switch";
  if (target.node_major) text += fmt::format("; remove the {} release if this apply installed it", target.version);
  if (step.before.is_object() && step.before.contains("version"))
    text += fmt::format(" (the service runs {} again)", step.before.at("version").get<std::string>());
  return text;
}

}  // namespace clawform
