// clawform plan FILE [--out PLAN] [--format text|json|markdown]
//                    [--detailed-exitcode] [--allow-destroy] [--live-state FILE] [host flags]
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "compiler/offline/recorded_host.h"
#include "backends/planner.h"
#include "backends/secret_source.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "cli/plan_output.h"

namespace clawform::cli {

namespace {

struct PlanFlags {
  std::string file;
  std::string out;
  std::string format = "text";
  bool detailed_exitcode = false;
  bool allow_destroy = false;
  bool no_color = false;
  std::vector<std::string> projects;
  std::string live_state;  // --live-state FILE: plan offline from a recorded live state
  HostFlags host;
};

// The recorded live state of --live-state, or a message naming FILE.
Result<RecordedLiveState> read_recorded_state(const PlanFlags& flags) {
  const std::string& path = flags.live_state;
  Result<std::string> text = read_file(path);
  if (!text) return Status::error(fmt::format("--live-state {}: {}", path, text.message()));
  RecordedLiveState recorded;
  try {
    recorded = recorded_live_state_from_json(nlohmann::json::parse(*text));
  } catch (const std::exception& e) {  // nlohmann's parse, type and out-of-range errors
    return Status::error(fmt::format("--live-state {}: not a live state recorded by `clawform discover FILE --json`: {}",
                                     path, e.what()));
  }
  if (!flags.host.root.empty() && flags.host.root != recorded.live.root)
    return Status::error(fmt::format("--live-state {} was recorded under --root {}, not {}", path,
                                     recorded.live.root.empty() ? "(none)" : recorded.live.root, flags.host.root));
  for (const InstanceState& i : recorded.live.instances)
    for (const DiscoveryError& e : i.errors)
      return Status::error(fmt::format("--live-state {}: instance {} was not fully discovered when it was recorded "
                                       "({}: {}); record it again", path, i.instance, e.step, e.message));
  return recorded;
}

int run_plan(const PlanFlags& flags) {
  PlanRequest request{.manifest_file = flags.file, .manifest_content = {}, .discover = discover_options(flags.host),
                      .allow_destroy = flags.allow_destroy, .clawform_version = CLAWFORM_VERSION,
                      .projects = flags.projects};
  if (!flags.live_state.empty()) {
    Result<RecordedLiveState> recorded = read_recorded_state(flags);
    if (!recorded) {
      std::fputs(fmt::format("clawform: {}\n", recorded.message()).c_str(), stderr);
      return 1;
    }
    request.recorded = std::move(*recorded);
    request.recorded_path = flags.live_state;
  }
  HostSecretSource secrets;
  PlanOutcome outcome = make_plan(request, secrets);
  if (!outcome.manifest_valid()) {
    std::fputs(render_validation_text(outcome.validation).c_str(), stderr);
    return 1;
  }
  if (!outcome.errors.empty()) {
    std::fputs(render_plan_errors(outcome.errors).c_str(), stderr);
    std::fputs(fmt::format("clawform: no plan: {} error{}; nothing was changed\n", outcome.errors.size(),
                           outcome.errors.size() == 1 ? "" : "s")
                   .c_str(),
               stderr);
    return 1;
  }
  PlanFile& file = *outcome.file;
  // Version drift is a difference between host and manifest too, though no step mends it.
  const bool changes = file.plan.has_changes() || !file.plan.version_drift.empty();
  std::string rendered;
  if (flags.format != "json") {
    std::string full_plan = flags.out.empty() ? "the output of `clawform plan --out FILE`" : flags.out;
    rendered = render_plan(file, flags.format, !flags.no_color && stdout_wants_color(), full_plan);
  }
  if (!flags.out.empty() || flags.format == "json") {  // the same bytes for both
    std::string bytes = plan_file_bytes(std::move(file));
    if (Status saved = flags.out.empty() ? Status::ok() : write_file_atomic(flags.out, bytes, 0644); !saved) {
      std::fputs(fmt::format("clawform: cannot save the plan: {}\n", saved.message()).c_str(), stderr);
      return 1;
    }
    if (flags.format == "json") rendered = std::move(bytes);
  }
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  if (!flags.out.empty() && flags.format == "text")
    std::fputs(fmt::format("\nSaved the plan to {}; review it with: clawform show {}\n", flags.out, flags.out).c_str(),
               stdout);
  return flags.detailed_exitcode && changes ? 2 : 0;
}

}  // namespace

Command add_plan_command(CLI::App& root) {
  auto flags = std::make_shared<PlanFlags>();
  CLI::App* app = root.add_subcommand("plan", "Show what apply would change on the host, in order; save it with --out");
  app->add_option("file", flags->file, "Manifest file (fleet.yaml)")->required();
  app->add_option("--out", flags->out, "Save the plan to PLAN (JSON, docs/plan-format.md) for apply and show");
  add_plan_format_flags(*app, flags->format, flags->no_color);
  app->add_flag("--detailed-exitcode", flags->detailed_exitcode,
                "Exit 2 when the plan has changes or version drift (0: none, 1: error)");
  app->add_flag("--allow-destroy", flags->allow_destroy,
                "Allow a plan that deletes more than one project or over 30% of a project's plugins");
  app->add_option("--project", flags->projects,
                  "Plan only project NAME (repeatable; topology B or C): the others are not discovered or touched")
      ->type_name("NAME");
  app->add_option("--live-state", flags->live_state,
                  "Plan offline from FILE, a live state recorded with `clawform discover fleet.yaml --json` "
                  "(no openclaw, no host, no key value: apply checks those)")
      ->type_name("FILE");
  add_host_flags(*app, flags->host);
  add_refresh_flag(*app, flags->host);
  return {app, [flags] { return run_plan(*flags); }};
}

}  // namespace clawform::cli
