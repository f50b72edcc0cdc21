// clawform restore INDEX --drill [--project P] [--scratch-ports A-B]
//                  [--openclaw BIN] [--keep-scratch] [--boot-timeout S] [--timeout S]
// clawform restore INDEX --project P --manifest FILE [--auto-approve] [--root DIR] [--openclaw BIN]
//                  [--format text|json] [--health-timeout S] [--step-timeout S] [--no-checklist]
// The drill (backends/operations/restore_drill.h): restores a backup set
// into scratch dirs, boots each, compares its checklist, reports the RTO.
// Without --drill: one project restored in place, a journaled plan
// (cli/restore_in_place.h).
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/openclaw_cli.h"
#include "backends/operations/restore_drill.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "cli/restore_in_place.h"

namespace clawform::cli {

namespace {

struct RestoreFlags {
  std::string index;
  bool drill = false;
  std::string project;
  std::string scratch_ports{kDefaultScratchPorts};
  std::string openclaw;
  bool keep_scratch = false;
  double boot_timeout_seconds = 180;
  double timeout_seconds = 600;
  // In place (without --drill).
  std::string manifest;
  ApplyFlags apply;
};

int run_restore(const RestoreFlags& flags) {
  if (!flags.drill) {
    if (flags.manifest.empty() || flags.project.empty()) {
      std::fputs("error: restore in place names the project and its manifest: --project NAME --manifest FILE "
                 "(or --drill to restore into scratch dirs)\n",
                 stderr);
      return 1;
    }
    ApplyFlags apply = flags.apply;
    apply.projects = {flags.project};
    apply.host.openclaw = flags.openclaw;
    return run_restore_in_place(flags.index, flags.manifest, apply);
  }
  Result<ScratchPortRange> ports = parse_scratch_ports(flags.scratch_ports);
  if (!ports) {
    std::fputs(fmt::format("error: {}\n", ports.message()).c_str(), stderr);
    return 1;
  }
  std::vector<std::string> tried;
  std::optional<std::string> openclaw = find_openclaw(flags.openclaw, tried);
  if (!openclaw) {
    std::string where;
    for (const std::string& t : tried) where += "\n  " + t;
    std::fputs(fmt::format("error: no openclaw binary found; looked at:{}\n", where).c_str(), stderr);
    return 1;
  }
  DrillOptions options;
  options.index_path = flags.index;
  options.project = flags.project;
  options.ports = *ports;
  options.openclaw = *openclaw;
  options.keep_scratch = flags.keep_scratch;
  options.boot_timeout = std::chrono::milliseconds(static_cast<long>(flags.boot_timeout_seconds * 1000));
  options.command_timeout = std::chrono::milliseconds(static_cast<long>(flags.timeout_seconds * 1000));
  options.progress = [](const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
  };
  Result<std::vector<ProjectDrill>> drills = run_restore_drill(options);
  if (!drills) {
    std::fputs(fmt::format("error: {}\n", drills.message()).c_str(), stderr);
    return 1;
  }
  std::fputs(("\n" + render_drill_summary(*drills)).c_str(), stdout);
  for (const ProjectDrill& d : *drills)
    if (!d.passed()) return 1;
  return 0;
}

}  // namespace

Command add_restore_command(CLI::App& root) {
  auto flags = std::make_shared<RestoreFlags>();
  CLI::App* app = root.add_subcommand(
      "restore", "Restore a backup set; with --drill, into scratch dirs: boot each project, compare, report the RTO");
  app->add_option("index", flags->index, "The backup set's index.json")->required()->check(CLI::ExistingFile);
  app->add_flag("--drill", flags->drill, "Restore into scratch dirs and boot there; the live host is not touched");
  app->add_option("--project", flags->project, "Only the instance serving this project");
  app->add_option("--scratch-ports", flags->scratch_ports,
                  "Loopback ports for the scratch gateways (each takes P..P+110)")
      ->capture_default_str();
  app->add_option("--openclaw", flags->openclaw, "The openclaw binary to run");
  app->add_flag("--keep-scratch", flags->keep_scratch, "Keep each scratch dir (its path is printed)");
  app->add_option("--boot-timeout", flags->boot_timeout_seconds,
                  "Seconds a scratch gateway may take to answer /health live and /startupz started")
      ->check(positive_seconds())
      ->capture_default_str();
  app->add_option("--manifest", flags->manifest, "Without --drill: the fleet manifest (its layout says where P lives)");
  app->add_flag("--auto-approve", flags->apply.auto_approve, "Without --drill: apply the restore plan without asking");
  app->add_option("--root", flags->apply.host.root, "Sandbox root: every host path maps under DIR");
  app->add_flag("--real-users", flags->apply.host.real_users, "With --root: topology B's users are real OS users");
  app->add_option("--format", flags->apply.format, "Without --drill: progress lines as text or JSON lines")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app->add_option("--health-timeout", flags->apply.health_timeout_seconds,
                  "Without --drill: seconds the restored gateway may take to become healthy")
      ->check(positive_seconds())
      ->capture_default_str();
  app->add_option("--step-timeout", flags->apply.step_timeout_seconds,
                  "Without --drill: seconds each openclaw call of a step may take")
      ->check(positive_seconds())
      ->capture_default_str();
  app->add_flag("--no-checklist", flags->apply.no_checklist, "Without --drill: skip the exit checklist");
  app->add_option("--timeout", flags->timeout_seconds, "Seconds each other openclaw call may take")
      ->envname("CLAWFORM_TIMEOUT")
      ->check(positive_seconds())
      ->capture_default_str();
  return {app, [flags] { return run_restore(*flags); }};
}

}  // namespace clawform::cli
