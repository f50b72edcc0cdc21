#include "backends/apply_session.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "backends/digest.h"
#include "backends/file_io.h"
#include "backends/real_host.h"
#include "backends/steps/step_handlers.h"
#include "backends/host_lock.h"
#include "backends/journal_file.h"
#include "backends/planner.h"
#include "backends/secret_source.h"
#include "compiler/clawform_dir.h"
#include "compiler/plan_binding.h"
#include "compiler/plan_compare.h"
#include "schema/validate.h"

namespace clawform {

namespace {

ApplySessionResult refused(std::vector<std::string> why) {
  ApplySessionResult result;
  result.exit_code = 1;
  result.refusals = std::move(why);
  return result;
}

std::string applied_marker(const std::string& clawform_dir, const std::string& plan_sha256) {
  return ClawformDir{clawform_dir}.applied(plan_sha256);
}

// The plan file's manifest, re-validated (the plan carries its own copy).
std::optional<Manifest> plan_manifest(const PlanFile& file, std::vector<std::string>& errors) {
  FileValidation validation = validate_text(file.manifest_path, file.manifest_content, /*strict=*/false);
  if (validation.diagnostics.has_errors() || !validation.manifest) {
    errors.push_back(fmt::format("the plan's copy of {} does not validate:\n{}", file.manifest_path,
                                 render_validation_text(validation)));
    return std::nullopt;
  }
  return std::move(validation.manifest);
}

// Runs the steps (or the rollback, or the rest of them) of the journal at
// hand, and closes the journal when the apply has ended cleanly.
struct JournalRun {
  const PlanFile& file;
  const Manifest& manifest;
  const HostPaths& paths;
  const ApplyRequest& request;
  SecretSource& secrets;

  ApplySessionResult run(JournalFile& journal, JournalState state, bool roll_back_only) {
    ApplySessionResult result;
    std::string error;
    std::optional<std::string> key = load_or_create_digest_key(paths.clawform_dir, error);
    if (!key) return refused({"the host's digest key: " + error});
    KeyedDigester digester(*key);
    Plan plan = file.plan;
    if (Status bound = bind_instances(plan, manifest, paths); !bound) return refused({bound.message()});
    const std::string openclaw = request.discover.openclaw.empty() ? file.openclaw : request.discover.openclaw;
    RealHost host(paths, {.openclaw = openclaw, .start_timeout = request.health_timeout});
    StepHandlers executor(StepContext{.host = host, .secrets = secrets, .digester = digester, .paths = paths,
                                      .openclaw = openclaw,
                                      .health_timeout = request.health_timeout, .restart_after_rollback = {}});
    ApplyOptions apply_options{.rollback_on_failure = request.rollback, .fault = request.fault,
                               .progress = request.progress, .kill_self = {}};
    ApplyReport report = roll_back_only
                             ? roll_back(plan, executor, journal, std::move(state), apply_options)
                             : apply_steps(plan, executor, journal, std::move(state), apply_options);
    result.plan = file.plan;
    switch (report.outcome) {
      case ApplyOutcome::Applied: result.exit_code = report.error.empty() ? 0 : 1; break;
      case ApplyOutcome::RolledBack: result.exit_code = roll_back_only && report.failed_step == 0 ? 0 : 1; break;
      case ApplyOutcome::Kept: result.exit_code = 1; break;
      case ApplyOutcome::RollbackFailed: result.exit_code = 3; break;
    }
    // Applied with an error: the journal's end record is missing; keep it.
    const bool ended = (report.outcome == ApplyOutcome::Applied && report.error.empty()) ||
                       report.outcome == ApplyOutcome::RolledBack;
    if (ended) {
      std::string records_error;
      std::optional<std::string> text = read_file(journal_paths(paths.clawform_dir).records, records_error);
      JournalState final_state = text ? read_journal(*text) : JournalState{};
      if (!close_journal(paths.clawform_dir, final_state, error)) {
        report.error = "the apply ended, but its journal could not be closed: " + error;
        result.exit_code = std::max(result.exit_code, 1);
      }
      if (report.outcome == ApplyOutcome::Applied) {
        std::error_code ec;
        std::filesystem::create_directories(ClawformDir{paths.clawform_dir}.applied(), ec);
        if (!write_file_atomic(applied_marker(paths.clawform_dir, final_state.plan_sha256), utc_now() + "\n", 0600,
                               error))
          report.error = "applied, but the record that this plan was applied could not be written: " + error;
      }
    } else {
      result.journal_dir = journal_paths(paths.clawform_dir).dir;
    }
    result.report = std::move(report);
    return result;
  }
};

}  // namespace

ApplySessionResult apply_saved_plan(const std::string& plan_bytes, const ApplyRequest& request,
                                    SecretSource& secrets) {
  PlanFile file;
  try {
    file = plan_file_from_json(nlohmann::json::parse(plan_bytes));
  } catch (const std::exception& e) {
    return refused({std::string("not a clawform plan file: ") + e.what()});
  }
  std::vector<std::string> errors;
  std::optional<Manifest> manifest = plan_manifest(file, errors);
  if (!manifest) return refused(errors);
  if (!request.discover.root.empty() && request.discover.root != file.root)
    return refused({fmt::format("the plan was made for --root {}, not {}", file.root.empty() ? "(none)" : file.root,
                                request.discover.root)});
  HostPaths paths = host_paths(manifest->host.os, file.root, request.discover.real_home);

  std::string error;
  std::optional<HostLock> lock = HostLock::acquire(paths.clawform_dir, "apply", /*take_over_dead=*/false, error);
  if (!lock) return refused({error});
  if (journal_exists(paths.clawform_dir))
    return refused({fmt::format("an earlier apply did not finish ({} exists); run `clawform recover`",
                                journal_paths(paths.clawform_dir).records)});
  const std::string plan_sha256 = sha256_hex(plan_bytes);
  if (std::filesystem::exists(applied_marker(paths.clawform_dir, plan_sha256)))
    return refused({"this plan was applied already; make a new plan"});

  // Stale plans are refused: the host must still be what the plan saw, and
  // the plan still what the host calls for.
  PlanRequest replan{.manifest_file = file.manifest_path, .manifest_content = file.manifest_content,
                     .discover = request.discover, .allow_destroy = true,
                     .preflight = false, .clawform_version = request.clawform_version};
  replan.discover.root = file.root;
  if (replan.discover.openclaw.empty()) replan.discover.openclaw = file.openclaw;
  PlanOutcome now = make_plan(replan, secrets);
  if (!now.errors.empty() || !now.file) {
    std::vector<std::string> why = {"the host cannot be checked against the plan:"};
    for (const PlanError& e : now.errors)
      why.push_back(e.project.empty() ? e.message : fmt::format("project {}: {}", e.project, e.message));
    return refused(why);
  }
  std::vector<std::string> drift = plan_differences(file.plan, now.file->plan);
  if (drift.empty() && now.file->live.overall != file.live.overall)
    drift = fingerprint_drift(file.live, now.file->live);
  if (!drift.empty()) {
    drift.insert(drift.begin(), "the host has changed since this plan was made; make a new plan. What drifted:");
    return refused(drift);
  }
  if (!file.plan.has_changes()) return {};  // nothing to do: no journal, no record

  std::optional<JournalFile> journal = JournalFile::create(paths.clawform_dir, plan_bytes, error);
  if (!journal) return refused({error});
  JournalState state;
  state.plan_sha256 = plan_sha256;
  state.total_steps = static_cast<int>(file.plan.steps.size());
  if (!journal->append({{"event", "begin"}, {"plan_sha256", plan_sha256}, {"steps", state.total_steps},
                        {"pid", static_cast<long>(::getpid())}, {"host", this_host()}, {"started", utc_now()}},
                       error))
    return refused({"could not write the journal: " + error});
  return JournalRun{file, *manifest, paths, request, secrets}.run(*journal, std::move(state), false);
}

ApplySessionResult recover_apply(bool resume, const ApplyRequest& request, SecretSource& secrets) {
  const std::string clawform_dir = ClawformDir::of(request.discover.root, request.discover.real_home).path;
  std::string error;
  std::optional<HostLock> lock = HostLock::acquire(clawform_dir, "recover", /*take_over_dead=*/true, error);
  if (!lock) return refused({error});
  if (!journal_exists(clawform_dir)) return {};
  JournalPaths jpaths = journal_paths(clawform_dir);
  std::optional<std::string> records = read_file(jpaths.records, error);
  std::optional<std::string> plan_bytes = records ? read_file(jpaths.plan, error) : std::nullopt;
  if (!plan_bytes) return refused({"cannot read the journal: " + error});
  JournalState state;
  PlanFile file;
  try {
    state = read_journal(*records);
    file = plan_file_from_json(nlohmann::json::parse(*plan_bytes));
  } catch (const std::exception& e) {
    return refused({fmt::format("the journal in {} is damaged: {}", jpaths.dir, e.what())});
  }
  std::vector<std::string> errors;
  std::optional<Manifest> manifest = plan_manifest(file, errors);
  if (!manifest) return refused(errors);
  HostPaths paths = host_paths(manifest->host.os, file.root, request.discover.real_home);
  std::optional<JournalFile> journal = JournalFile::open(clawform_dir, error);
  if (!journal) return refused({error});
  // Every step done and "applied" written: only the closing was missed.
  const bool finished = state.first_not_done() == 0 && state.outcome == "applied";
  const bool roll_back_only = !resume && !finished;
  return JournalRun{file, *manifest, paths, request, secrets}.run(*journal, std::move(state), roll_back_only);
}

}  // namespace clawform
