// clawform apply PLAN|MANIFEST [--auto-approve] [--no-rollback] [--rollback-all] [--format text|json]
//                [--health-timeout S] [--step-timeout S] [--service-manager] [--allow-destroy] [host flags]
// clawform recover [--resume] [--format text|json] [--step-timeout S] [--service-manager] [host flags]
// clawform unlock [--root DIR]
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "backends/apply_session.h"
#include "backends/file_io.h"
#include "backends/host_lock.h"
#include "backends/planner.h"
#include "backends/secret_source.h"
#include "cli/commands.h"
#include "cli/apply_flags.h"
#include "cli/host_flags.h"
#include "cli/plan_output.h"
#include "compiler/clawform_dir.h"
#include "compiler/operations/checklist_render.h"
#include "compiler/project_filter.h"
#include "compiler/render_apply.h"

namespace clawform::cli {

namespace {

void print(const std::string& text, std::FILE* to = stdout) {
  std::fwrite(text.data(), 1, text.size(), to);
  std::fflush(to);
}

}  // namespace

bool make_apply_request(const ApplyFlags& flags, ApplyRequest& request) {
  request.discover = discover_options(flags.host);
  request.rollback = !flags.no_rollback;
  request.rollback_all = flags.rollback_all;
  // Given to apply, --jobs is also how many instances are applied at once:
  // by default all of them (issue 16); --jobs 1, one after another.
  request.jobs = flags.host.jobs > 0 ? flags.host.jobs : kAllInstancesAtOnce;
  request.health_timeout = std::chrono::milliseconds(static_cast<long>(flags.health_timeout_seconds * 1000));
  request.step_timeout = std::chrono::milliseconds(static_cast<long>(flags.step_timeout_seconds * 1000));
  request.clawform_version = CLAWFORM_VERSION;
  request.service_manager = flags.service_manager;
  request.checklist = !flags.no_checklist;
  const bool json = flags.format == "json";
  request.progress = [json](const ProgressEvent& e) {
    print(json ? render_progress_json(e) : render_progress_text(e));
  };
  if (const char* fault = std::getenv("CLAWFORM_FAULT"); fault && *fault) {
    Result<Fault> parsed = parse_fault(fault);
    if (!parsed) {
      print("clawform: " + parsed.message() + "\n", stderr);
      return false;
    }
    request.fault = *parsed;
  }
  return true;
}

namespace {

// The exit checklist before and after, side by side (text), or one JSON
// line {"event":"checklist",...}.
void print_checklists(const ApplySessionResult& result, bool json) {
  if (!result.checklist_error.empty())
    print(fmt::format("clawform: applied; the exit checklist after it: {}\n", result.checklist_error), stderr);
  if (!result.checklist_before || !result.checklist_after) return;
  const std::vector<ChecklistDifference> differences =
      compare_checklists(*result.checklist_before, *result.checklist_after);
  if (json) {
    nlohmann::json diffs = nlohmann::json::array();
    for (const ChecklistDifference& d : differences)
      diffs.push_back({{"project", d.project}, {"item", d.item}, {"before", d.before}, {"after", d.after}});
    print(nlohmann::json({{"event", "checklist"}, {"differences", diffs}, {"files", result.checklist_files}}).dump() +
          "\n");
    return;
  }
  print("\n" + render_checklist_comparison_text(*result.checklist_before, *result.checklist_after, differences));
  if (result.checklist_files.size() == 2)
    print(fmt::format("Kept: {} and {} (`clawform checklist compare` shows them again).\n",
                      result.checklist_files[0], result.checklist_files[1]));
}

}  // namespace

int finish_apply(const ApplySessionResult& result, bool recovering, bool json) {
  for (const std::string& line : result.refusals) print(line + "\n", stderr);
  if (!result.refusals.empty()) {
    print(recovering ? "clawform: recover refused; nothing was changed\n"
                     : "clawform: apply refused; nothing was changed\n",
          stderr);
    return result.exit_code;
  }
  if (!result.report) {
    print(recovering ? "No unfinished apply: nothing to recover.\n" : "No changes: nothing to apply.\n");
    return result.exit_code;
  }
  std::string report = render_apply_report(*result.plan, *result.report, result.journal_dir, recovering);
  for (const std::string& line : result.notes) print(line + "\n", result.exit_code == 0 ? stdout : stderr);
  print(report, result.exit_code == 0 ? stdout : stderr);
  print_checklists(result, json);
  return result.exit_code;
}

bool confirm_apply(bool auto_approve) {
  if (auto_approve) return true;
  if (!::isatty(STDIN_FILENO)) {
    print("clawform: refusing to apply without --auto-approve: stdin is not a terminal to ask on\n", stderr);
    return false;
  }
  print("\nApply these changes? Only 'yes' is accepted: ");
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "yes") {
    print("Apply cancelled; nothing was changed.\n", stderr);
    return false;
  }
  return true;
}

namespace {

// A manifest given to apply: plan it, show it, and ask (unless
// --auto-approve). Returns the plan file's bytes, or nullopt with the exit code.
std::optional<std::string> plan_and_confirm(const ApplyFlags& flags, int& exit_code) {
  PlanRequest request{.manifest_file = flags.target, .manifest_content = {}, .discover = discover_options(flags.host),
                      .allow_destroy = flags.allow_destroy, .clawform_version = CLAWFORM_VERSION,
                      .projects = flags.projects};
  HostSecretSource secrets;
  PlanOutcome outcome = make_plan(request, secrets);
  exit_code = 1;
  if (!outcome.manifest_valid()) {
    print(render_validation_text(outcome.validation), stderr);
    return std::nullopt;
  }
  if (!outcome.errors.empty()) {
    print(render_plan_errors(outcome.errors) + "clawform: no plan; nothing was changed\n", stderr);
    return std::nullopt;
  }
  print(render_plan(*outcome.file, "text", stdout_wants_color(), "the output of `clawform plan --out FILE`"));
  if (const std::vector<VersionDrift>& drift = outcome.file->plan.version_drift; !drift.empty()) {
    for (const std::string& line : version_refusal(drift)) print(line + "\n", stderr);
    print("clawform: apply refused; nothing was changed\n", stderr);
    return std::nullopt;
  }
  if (!outcome.file->plan.has_changes()) {
    exit_code = 0;
    return std::nullopt;
  }
  if (!confirm_apply(flags.auto_approve)) return std::nullopt;
  return plan_file_bytes(std::move(*outcome.file));
}

int run_apply(const ApplyFlags& flags) {
  ApplyRequest request;
  if (!make_apply_request(flags, request)) return 1;
  Result<std::string> read = read_file(flags.target);
  if (!read) {
    print(fmt::format("clawform: cannot read {}\n", read.message()), stderr);
    return 1;
  }
  std::optional<std::string> bytes = std::move(*read);
  // A plan file is a JSON object with a format_version; anything else is
  // taken as a manifest.
  nlohmann::json parsed = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object() || !parsed.contains("format_version")) {
    int exit_code = 0;
    bytes = plan_and_confirm(flags, exit_code);
    if (!bytes) return exit_code;
  } else if (!flags.projects.empty()) {
    // A saved plan's limit was reviewed with it: --project may only repeat it.
    const nlohmann::json recorded = parsed.value("projects", nlohmann::json::array());
    if (recorded != nlohmann::json(normalized_projects(flags.projects))) {
      print(fmt::format("clawform: {} was planned for {}, not for --project {}; make the plan with the projects "
                        "to apply (`clawform plan --project NAME --out PLAN`); nothing was changed\n",
                        flags.target, recorded.empty() ? std::string("every project") : recorded.dump(),
                        fmt::join(normalized_projects(flags.projects), " --project ")),
            stderr);
      return 1;
    }
  }
  HostSecretSource secrets;
  return finish_apply(apply_saved_plan(*bytes, request, secrets), false, flags.format == "json");
}

int run_recover(const ApplyFlags& flags) {
  ApplyRequest request;
  if (!make_apply_request(flags, request)) return 1;
  HostSecretSource secrets;
  return finish_apply(recover_apply(flags.resume, request, secrets), true);
}

int run_unlock(const HostFlags& host) {
  DiscoverOptions options = discover_options(host);
  const std::string dir = ClawformDir::of(options.root, options.real_home).path;
  Result<std::optional<LockOwner>> read = read_lock(dir);
  if (!read) {
    print("clawform: " + read.message() + "\n", stderr);
    return 1;
  }
  if (!*read) {
    print("No lock: nothing to clear.\n");
    return 0;
  }
  const LockOwner& owner = **read;
  if (owner.alive) {
    print(fmt::format("clawform: the lock is held by {}, which is still running; not clearing it\n", owner.describe()),
          stderr);
    return 1;
  }
  if (Status removed = remove_lock(dir); !removed) {
    print("clawform: " + removed.message() + "\n", stderr);
    return 1;
  }
  print(fmt::format("Cleared the lock of {}, which is no longer running.\n", owner.describe()));
  return 0;
}

}  // namespace

void add_progress_flags(CLI::App& app, ApplyFlags& flags) {
  app.add_option("--format", flags.format, "Progress lines as text or JSON lines")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--health-timeout", flags.health_timeout_seconds,
                 "Seconds a gateway may take to become healthy")
      ->envname("CLAWFORM_HEALTH_TIMEOUT")
      ->check(positive_seconds())
      ->capture_default_str();
  app.add_option("--step-timeout", flags.step_timeout_seconds,
                 "Seconds each openclaw call of a step may take before its process group is killed and the step "
                 "fails")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--service-manager", flags.service_manager,
               "With --root: start and stop gateways with launchctl or systemctl (found on PATH) and the "
               "service files apply wrote, as on a real host, instead of the sandbox runner");
  add_host_flags(app, flags.host);
}

Command add_apply_command(CLI::App& root) {
  auto flags = std::make_shared<ApplyFlags>();
  CLI::App* app = root.add_subcommand(
      "apply", "Apply a saved plan (the plan is the approval), or plan a manifest, show it and ask");
  app->add_option("target", flags->target, "A plan file from `clawform plan --out`, or a manifest")->required();
  app->add_flag("--auto-approve", flags->auto_approve, "With a manifest: apply without asking");
  app->add_flag("--no-rollback", flags->no_rollback,
                "On failure keep the partial state and the journal (then `clawform recover`)");
  app->add_flag("--rollback-all", flags->rollback_all,
                "When a step of one instance fails, roll back every instance (default: that instance alone; "
                "the others, applied at once with it, finish)");
  app->add_flag("--allow-destroy", flags->allow_destroy, "With a manifest: as `plan --allow-destroy`");
  app->add_flag("--no-checklist", flags->no_checklist,
                "Skip the exit checklist (captured before the first step and after the last, docs/operations.md)");
  app->add_option("--project", flags->projects,
                  "With a manifest: plan and apply only project NAME (repeatable); with a plan: must be the "
                  "plan's own")
      ->type_name("NAME");
  add_progress_flags(*app, *flags);
  return {app, [flags] { return run_apply(*flags); }};
}

Command add_recover_command(CLI::App& root) {
  auto flags = std::make_shared<ApplyFlags>();
  CLI::App* app = root.add_subcommand(
      "recover", "Roll back what an interrupted apply left (kill, crash, power loss), or finish it with --resume");
  app->add_flag("--resume", flags->resume, "Run the interrupted apply's remaining steps instead");
  add_progress_flags(*app, *flags);
  return {app, [flags] { return run_recover(*flags); }};
}

Command add_unlock_command(CLI::App& root) {
  auto flags = std::make_shared<HostFlags>();
  CLI::App* app = root.add_subcommand("unlock", "Clear the lock an apply left when it died");
  app->add_option("--root", flags->root, "Sandbox root: every host path maps under DIR");
  return {app, [flags] { return run_unlock(*flags); }};
}

}  // namespace clawform::cli
