#include "backends/apply_session.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

#include "backends/apply_signals.h"
#include "backends/child_journal.h"
#include "backends/digest.h"
#include "backends/file_io.h"
#include "backends/real_host.h"
#include "backends/steps/step_handlers.h"
#include "backends/host_lock.h"
#include "backends/journal_file.h"
#include "backends/operations/checklist_capture.h"
#include "backends/orphans.h"
#include "backends/os_accounts.h"
#include "backends/planner.h"
#include "backends/secret_source.h"
#include "compiler/apply_chains.h"
#include "compiler/clawform_dir.h"
#include "compiler/health_gate.h"
#include "compiler/key_drift.h"
#include "compiler/offline/unchecked_keys.h"
#include "compiler/plan_binding.h"
#include "compiler/plan_compare.h"
#include "compiler/project_filter.h"
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

// The host lock for an apply, refused while an earlier apply's journal is
// there (recover finishes that one first).
Result<HostLock> lock_for_apply(const std::string& clawform_dir) {
  Result<HostLock> lock = HostLock::acquire(clawform_dir, "apply", /*take_over_dead=*/false);
  if (!lock) return lock;
  if (journal_exists(clawform_dir))
    return Status::error(fmt::format("an earlier apply did not finish ({} exists); run `clawform recover`",
                                     journal_paths(clawform_dir).records));
  return lock;
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

// The step handlers, telling the child journal which step and phase the
// children they start belong to.
class PhasedExecutor : public StepExecutor {
 public:
  PhasedExecutor(StepExecutor& inner, ChildJournal& children) : inner_(inner), children_(children) {}
  Result<nlohmann::json> save(const Step& step) override {
    children_.enter(step.index, "run");
    return inner_.save(step);
  }
  Result<std::string> run(const Step& step) override {
    children_.enter(step.index, "run");
    return inner_.run(step);
  }
  Status undo(const Step& step, const nlohmann::json& undo) override {
    children_.enter(step.index, "undo");
    return inner_.undo(step, undo);
  }
  Result<std::string> verify_undone(const Step& step, const nlohmann::json& undo) override {
    children_.enter(step.index, "undo");
    return inner_.verify_undone(step, undo);
  }
  Result<std::string> finish_rollback() override {
    children_.enter(0, "finish");
    return inner_.finish_rollback();
  }

 private:
  StepExecutor& inner_;
  ChildJournal& children_;
};

// The journal, one record at a time from any thread: the instances applied
// at once and the children each one starts write into it.
class LockedJournal : public JournalSink {
 public:
  explicit LockedJournal(JournalSink& inner) : inner_(inner) {}
  Status append(const nlohmann::json& record) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return inner_.append(record);
  }

 private:
  JournalSink& inner_;
  std::mutex mutex_;
};

// One instance's chain of steps, applied beside the others: the step
// handlers with a host and a child journal of their own, so that the
// children it starts are journaled under its own step, and its rollback
// starts again only the gateways its own undos stopped.
class ChainExecutor : public StepExecutor {
 public:
  ChainExecutor(JournalSink& journal, const HostPaths& paths, GatewayControlOptions gateway,
                const std::function<StepContext(Host&)>& context_for, MissingParents parents)
      : children_(journal),
        host_(paths, with_children(std::move(gateway), children_), parents),
        handlers_(context_for(host_)),
        phased_(handlers_, children_) {}

  Result<nlohmann::json> save(const Step& step) override { return phased_.save(step); }
  Result<std::string> run(const Step& step) override { return phased_.run(step); }
  Status undo(const Step& step, const nlohmann::json& undo) override { return phased_.undo(step, undo); }
  Result<std::string> verify_undone(const Step& step, const nlohmann::json& undo) override {
    return phased_.verify_undone(step, undo);
  }
  Result<std::string> finish_rollback() override { return phased_.finish_rollback(); }

 private:
  static GatewayControlOptions with_children(GatewayControlOptions options, ChildJournal& children) {
    options.children = children.watch(options.children.cancel_fd);
    return options;
  }

  ChildJournal children_;
  RealHost host_;
  StepHandlers handlers_;
  PhasedExecutor phased_;
};

// Runs the steps (or the rollback, or the rest of them) of the journal at
// hand, and closes the journal when the apply has ended cleanly.
// Everything it needs is checked before a journal is created or opened, so
// that a refusal never leaves one behind (prepare()).
struct JournalRun {
  const PlanFile& file;
  Plan plan;  // bound to its instances (bind_instances)
  const HostPaths& paths;
  const ApplyRequest& request;
  SecretSource& secrets;
  KeyedDigester digester;

  // The run for `file`, or why it cannot be made (nothing changed yet).
  static Result<JournalRun> prepare(const PlanFile& file, const Manifest& manifest, const HostPaths& paths,
                                    const ApplyRequest& request, SecretSource& secrets) {
    Result<std::string> key = load_or_create_digest_key(paths.clawform_dir);
    if (!key) return Status::error("the host's digest key: " + key.message());
    Plan plan = file.plan;
    if (Status bound = bind_instances(plan, manifest, paths); !bound) return bound;
    return JournalRun{file, std::move(plan), paths, request, secrets, KeyedDigester(*key)};
  }

  ApplySessionResult run(JournalFile& journal, JournalState state, bool roll_back_only) {
    ApplySessionResult result;
    const std::string openclaw = request.discover.openclaw.empty() ? file.openclaw : request.discover.openclaw;
    // SIGINT/SIGTERM/SIGHUP from here on stop the running child and roll
    // back; a rollback (recover's from the start) is never interrupted.
    ApplySignals signals;
    if (roll_back_only) signals.shield();
    const GatewayControlOptions gateway{
        .openclaw = openclaw, .start_timeout = request.health_timeout, .service_manager = request.service_manager,
        .children = {.record = {}, .cancel_fd = [&signals] { return signals.cancel_fd(); }}};
    const ReadyBaseline ready_before = state.ready_before;
    auto context_for = [&](Host& host) {
      return StepContext{.host = host, .secrets = secrets, .digester = digester, .paths = paths,
                         .openclaw = openclaw, .command_timeout = request.step_timeout,
                         .health_timeout = request.health_timeout, .ready_before = ready_before,
                         .restart_after_rollback = {}};
    };
    ApplyOptions apply_options{.rollback_on_failure = request.rollback, .fault = request.fault,
                               .progress = request.progress, .kill_self = {},
                               .interrupted = [&signals] { return signals.reason(); },
                               .rollback_started = [&signals] { signals.shield(); }};
    // Every child is journaled before it runs (recover stops what a crash
    // left). Topologies B and C: each instance's steps are a chain of their
    // own, applied beside the others (compiler/apply_chains.h); a rollback
    // (recover's) undoes every chain from the journal alone, in one sequence.
    ApplyReport report;
    LockedJournal locked(journal);
    const std::vector<StepChain> chains = roll_back_only ? std::vector<StepChain>{} : step_chains(plan);
    if (const unsigned jobs = request.jobs; chains.size() > 1 && jobs > 1) {
      auto executor_for = [&](const StepChain&) -> std::unique_ptr<StepExecutor> {
        // An instance rolled back alone keeps the parent directories the
        // others' paths are in (its step may have been the one to create them).
        return std::make_unique<ChainExecutor>(locked, paths, gateway, context_for, MissingParents::KeepShared);
      };
      report = apply_chains(plan, executor_for, locked, state, apply_options, jobs,
                            request.rollback_all ? OnChainFailure::RollBackAll : OnChainFailure::RollBackInstance)
                   .overall;
    } else {
      ChainExecutor executor(locked, paths, gateway, context_for, MissingParents::RemoveAll);
      report = roll_back_only ? roll_back(plan, executor, locked, std::move(state), apply_options)
                              : apply_steps(plan, executor, locked, std::move(state), apply_options);
    }
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
      Result<std::string> text = read_file(journal_paths(paths.clawform_dir).records);
      Result<JournalState> read = text ? read_journal(*text) : Result<JournalState>(text.status());
      JournalState final_state = read ? std::move(*read) : JournalState{};
      if (Status closed = close_journal(paths.clawform_dir, final_state); !closed) {
        report.error = "the apply ended, but its journal could not be closed: " + closed.message();
        result.exit_code = std::max(result.exit_code, 1);
      }
      if (report.outcome == ApplyOutcome::Applied) {
        // 0700 like the rest of .clawform/ (it names which plans ran).
        Status marked = make_dirs(ClawformDir{paths.clawform_dir}.applied(), 0700, 0700);
        if (marked)
          marked = write_file_atomic(applied_marker(paths.clawform_dir, final_state.plan_sha256), utc_now() + "\n",
                                     0600);
        if (!marked)
          report.error = "applied, but the record that this plan was applied could not be written: " + marked.message();
      }
    } else {
      result.journal_dir = journal_paths(paths.clawform_dir).dir;
    }
    result.report = std::move(report);
    return result;
  }
};

}  // namespace

namespace {

// The exit checklist after an apply that applied (discovered again, limited
// to the plan's projects as the apply was), and both checklists written
// into checklists/, named as the apply's record in history/.
void keep_checklists(ApplySessionResult& result, Checklist before, const Manifest& manifest,
                     const DiscoverOptions& discover, const HostPaths& paths, const std::vector<std::string>& projects,
                     const std::string& plan_sha256) {
  if (!result.report || result.report->outcome != ApplyOutcome::Applied) return;
  Result<Manifest> scope = projects.empty() ? Result<Manifest>(manifest) : select_projects(manifest, projects);
  Result<Checklist> after = scope ? capture_checklist(*scope, discover, "after apply") : Result<Checklist>(scope.status());
  if (!after) {
    result.checklist_error = after.message();
    return;
  }
  std::string stamp = before.captured_at;
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::string dir = ClawformDir{paths.clawform_dir}.checklists();
  if (Status made = make_dirs(dir, 0700, 0700); !made) {
    result.checklist_error = "the checklist could not be kept: " + made.message();
    return;
  }
  const std::string base = fmt::format("{}/{}-{}", dir, stamp, plan_sha256.substr(0, 12));
  for (const auto& [name, checklist] : {std::pair{"checklist-before", &before}, std::pair{"checklist-after", &*after}}) {
    const std::string path = fmt::format("{}.{}.json", base, name);
    if (Status written = write_file_atomic(path, checklist_to_json(*checklist).dump(2) + "\n", 0600); !written) {
      result.checklist_error = "the checklist could not be kept: " + written.message();
      break;
    }
    result.checklist_files.push_back(path);
  }
  result.checklist_before = std::move(before);
  result.checklist_after = std::move(*after);
}

ApplySessionResult run_new_journal(const PlanFile& file, const std::string& plan_bytes, const Manifest& manifest,
                                   const HostPaths& paths, const LiveState& live, const ApplyRequest& request,
                                   SecretSource& secrets);

}  // namespace

ApplySessionResult apply_saved_plan(const std::string& plan_bytes, const ApplyRequest& request,
                                    SecretSource& secrets) {
  Result<PlanFile> read = read_plan_file(plan_bytes);
  if (!read) return refused({"not a clawform plan file: " + read.message()});
  const PlanFile& file = *read;
  std::vector<std::string> errors;
  std::optional<Manifest> manifest = plan_manifest(file, errors);
  if (!manifest) return refused(errors);
  if (!request.discover.root.empty() && request.discover.root != file.root)
    return refused({fmt::format("the plan was made for --root {}, not {}", file.root.empty() ? "(none)" : file.root,
                                request.discover.root)});
  if (request.discover.real_users && !file.real_users)
    return refused({"the plan was made without --real-users; make a new plan with it"});
  HostPaths paths = resolve_host_paths(*manifest, file.root, request.discover.real_home, file.real_users);

  Result<HostLock> lock = lock_for_apply(paths.clawform_dir);
  if (!lock) return refused({lock.message()});
  const std::string plan_sha256 = sha256_hex(plan_bytes);
  if (std::filesystem::exists(applied_marker(paths.clawform_dir, plan_sha256)))
    return refused({"this plan was applied already; make a new plan"});

  // Stale plans are refused: the host must still be what the plan saw, and
  // the plan still what the host calls for.
  PlanRequest replan{.manifest_file = file.manifest_path, .manifest_content = file.manifest_content,
                     .discover = request.discover, .allow_destroy = true,
                     .preflight = false, .clawform_version = request.clawform_version,
                     .projects = file.plan.projects};
  replan.discover.root = file.root;
  replan.discover.real_users = file.real_users;
  if (replan.discover.openclaw.empty()) replan.discover.openclaw = file.openclaw;
  // Live, whatever the discovery cache holds (its answers are renewed).
  if (replan.discover.cache != DiscoveryCache::Mode::Off) replan.discover.cache = DiscoveryCache::Mode::Refresh;
  PlanOutcome now = make_plan(replan, secrets);
  if (!now.errors.empty() || !now.file) {
    std::vector<std::string> why = {"the host cannot be checked against the plan:"};
    for (const PlanError& e : now.errors)
      why.push_back(e.project.empty() ? e.message : fmt::format("project {}: {}", e.project, e.message));
    return refused(why);
  }
  // The pins first: a host running other versions than the manifest's is
  // refused whatever the plan says (compiler/version_pin.h).
  if (!now.file->plan.version_drift.empty()) return refused(version_refusal(now.file->plan.version_drift));
  // A plan made offline (`plan --live-state`) read no key value: its keys
  // take the live plan's digests, and the rest must match as usual.
  std::optional<PlanFile> filled;
  if (!file.plan.recorded_state.empty()) {
    filled = file;
    fill_unchecked_key_digests(filled->plan, now.file->plan);
  }
  const PlanFile& reviewed = filled ? *filled : file;
  std::vector<std::string> drift =
      plan_differences(reviewed.plan, now.file->plan,
                       key_file_drift(reviewed.plan, now.file->plan, now.live, file.live, now.file->live));
  if (drift.empty() && now.file->live.overall != file.live.overall)
    drift = fingerprint_drift(file.live, now.file->live);
  if (!drift.empty()) {
    drift.insert(drift.begin(), "the host has changed since this plan was made; make a new plan. What drifted:");
    return refused(drift);
  }
  if (!file.plan.has_changes()) return {};  // nothing to do: no journal, no record
  if (filled) return run_new_journal(*filled, plan_file_bytes(*filled), *manifest, paths, now.live, request, secrets);
  return run_new_journal(file, plan_bytes, *manifest, paths, now.live, request, secrets);
}

ApplySessionResult apply_made_plan(const PlanFile& file, const LiveState& live, const ApplyRequest& request,
                                   SecretSource& secrets) {
  std::vector<std::string> errors;
  std::optional<Manifest> manifest = plan_manifest(file, errors);
  if (!manifest) return refused(errors);
  HostPaths paths = resolve_host_paths(*manifest, file.root, request.discover.real_home, file.real_users);
  Result<HostLock> lock = lock_for_apply(paths.clawform_dir);
  if (!lock) return refused({lock.message()});
  const std::string plan_bytes = plan_file_bytes(file);
  return run_new_journal(file, plan_bytes, *manifest, paths, live, request, secrets);
}

namespace {

ApplySessionResult run_new_journal(const PlanFile& file, const std::string& plan_bytes, const Manifest& manifest,
                                   const HostPaths& paths, const LiveState& live, const ApplyRequest& request,
                                   SecretSource& secrets) {
  const std::string plan_sha256 = sha256_hex(plan_bytes);
  std::optional<Checklist> before;
  if (request.checklist) before = checklist_of(live, "before apply");
  Result<JournalRun> run = JournalRun::prepare(file, manifest, paths, request, secrets);
  if (!run) return refused({run.message()});

  Result<JournalFile> journal = JournalFile::create(paths.clawform_dir, plan_bytes);
  if (!journal) return refused({journal.message()});
  JournalState state;
  state.plan_sha256 = plan_sha256;
  state.total_steps = static_cast<int>(file.plan.steps.size());
  // The health steps' "before": /ready as the discovery just made saw it,
  // before any step changed anything; journaled for a resumed apply.
  state.ready_before = ready_baseline(live);
  if (Status begun = journal->append({{"event", "begin"}, {"plan_sha256", plan_sha256}, {"steps", state.total_steps},
                                      {"pid", static_cast<long>(::getpid())}, {"host", this_host()},
                                      {"started", utc_now()}, {"ready_before", state.ready_before}});
      !begun)
    return refused({"could not write the journal: " + begun.message()});
  ApplySessionResult result = run->run(*journal, std::move(state), false);
  DiscoverOptions discover = request.discover;
  discover.root = file.root;
  discover.real_users = file.real_users;
  if (discover.openclaw.empty()) discover.openclaw = file.openclaw;
  if (before) keep_checklists(result, std::move(*before), manifest, discover, paths, file.plan.projects, plan_sha256);
  return result;
}

}  // namespace

// recover's refusal when the journal cannot be trusted: it names the
// journal, what is wrong, and what the operator can do. Nothing is changed
// or deleted, the saved copies least of all.
ApplySessionResult damaged_journal(const JournalPaths& journal, const std::string& what) {
  return refused(
      {fmt::format("the journal {} is damaged: {}", journal.records, what),
       fmt::format("recover cannot tell what the interrupted apply changed, so it changes nothing. What the apply's "
                   "steps saved is kept in {}/saved/<step>/ and each step's undo record in the journal's \"prepared\" "
                   "lines: put back by hand what the steps changed, then move {} out of .clawform/ (plan and apply "
                   "refuse to start while it is there).",
                   journal.dir, journal.dir)});
}

ApplySessionResult recover_apply(bool resume, const ApplyRequest& request, SecretSource& secrets) {
  const std::string clawform_dir = ClawformDir::of(request.discover.root, request.discover.real_home).path;
  Result<HostLock> lock = HostLock::acquire(clawform_dir, "recover", /*take_over_dead=*/true);
  if (!lock) return refused({lock.message()});
  if (!journal_exists(clawform_dir)) return {};
  JournalPaths jpaths = journal_paths(clawform_dir);
  Result<std::string> records = read_file(jpaths.records);
  if (!records) return refused({"cannot read the journal: " + records.message()});
  Result<std::string> plan_bytes = read_file(jpaths.plan);
  if (!plan_bytes) return refused({"cannot read the journal: " + plan_bytes.message()});
  Result<JournalState> state = read_journal(*records);
  if (!state) return damaged_journal(jpaths, state.message());
  // The begin record names the plan: its copy beside the journal must be it.
  if (!state->plan_sha256.empty() && sha256_hex(*plan_bytes) != state->plan_sha256)
    return damaged_journal(jpaths, fmt::format("{} is not the plan the journal's begin record names (sha256 {})",
                                               jpaths.plan, state->plan_sha256));
  Result<PlanFile> read = read_plan_file(*plan_bytes);
  if (!read) return damaged_journal(jpaths, fmt::format("{}: {}", jpaths.plan, read.message()));
  const PlanFile& file = *read;
  if (!state->plan_sha256.empty() && state->total_steps != static_cast<int>(file.plan.steps.size()))
    return damaged_journal(jpaths, fmt::format("its begin record counts {} steps; the plan has {}", state->total_steps,
                                               file.plan.steps.size()));
  std::vector<std::string> errors;
  std::optional<Manifest> manifest = plan_manifest(file, errors);
  if (!manifest) return refused(errors);
  HostPaths paths = resolve_host_paths(*manifest, file.root, request.discover.real_home, file.real_users);
  Result<JournalRun> run = JournalRun::prepare(file, *manifest, paths, request, secrets);
  if (!run) return refused({run.message()});
  Result<JournalFile> journal = JournalFile::open(clawform_dir, *state);
  if (!journal) return refused({journal.message()});
  // Before anything is undone: the children the interrupted apply left
  // running, and only those (same pid and start time as recorded).
  Result<std::vector<std::string>> stopped = stop_orphans(*state);
  if (!stopped) return refused({stopped.message()});
  // Every step done and "applied" written: only the closing was missed.
  const bool finished = state->first_not_done() == 0 && state->outcome == "applied";
  const bool roll_back_only = !resume && !finished;
  ApplySessionResult result = run->run(*journal, std::move(*state), roll_back_only);
  result.notes.insert(result.notes.begin(), stopped->begin(), stopped->end());
  return result;
}

}  // namespace clawform
