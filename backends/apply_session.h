#pragma once
// `clawform apply` and `clawform recover` as library calls: the lock, the
// stale-plan check, the journal's life, and the HostExecutor wired to the
// applier (compiler/applier.h). The CLI renders what comes back.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/discover.h"
#include "compiler/applier.h"
#include "compiler/host.h"
#include "compiler/operations/checklist.h"
#include "compiler/plan_file.h"

namespace clawform {

// apply's default --jobs: every instance's chain at once.
inline constexpr unsigned kAllInstancesAtOnce = 1024;

struct ApplyRequest {
  DiscoverOptions discover;  // --root ("" takes the plan's), --openclaw, --jobs, --timeout
  // Instances applied at once (--jobs given to apply): in topologies B and C
  // each instance's steps are a chain of their own (compiler/apply_chains.h);
  // a failed one is rolled back alone unless rollback_all. 1: the whole plan
  // in plan order, rolled back whole on a failure.
  unsigned jobs = kAllInstancesAtOnce;
  bool rollback = true;      // false: --no-rollback
  // --rollback-all: when a step of one instance fails, every instance is
  // rolled back (the others stop at their next step); by default only the
  // failed instance is, and the others finish.
  bool rollback_all = false;
  std::optional<Fault> fault;
  std::chrono::milliseconds health_timeout{120'000};
  // How long each openclaw call of a step may take (--step-timeout); then
  // its process group is killed and the step fails.
  std::chrono::milliseconds step_timeout{300'000};
  // --service-manager: under --root, gateways go through launchctl/systemctl
  // on PATH, as on a real host, not through the sandbox runner.
  bool service_manager = false;
  std::function<void(const ProgressEvent&)> progress;
  std::string clawform_version;
  // The exit checklist (docs/operations.md): one from the discovery before
  // the first step, one captured after the last step of an apply that
  // applied, both kept in history/. false: --no-checklist.
  bool checklist = true;
};

struct ApplySessionResult {
  // 0: applied (or nothing to recover); 1: refused, or failed and rolled
  // back, or kept (--no-rollback); 3: an undo failed, a human must finish.
  int exit_code = 0;
  std::vector<std::string> refusals;  // why nothing was changed
  std::optional<ApplyReport> report;  // when steps ran
  std::optional<Plan> plan;           // the plan the report's step numbers refer to
  std::string journal_dir;            // the journal left behind (Kept, RollbackFailed)
  // recover: the children of the interrupted apply it stopped first, one line each.
  std::vector<std::string> notes;
  // apply with ApplyRequest::checklist, once steps ran: the checklists and
  // where history/ keeps them; `checklist_error` when the one after could
  // not be captured (the apply's outcome stands).
  std::optional<Checklist> checklist_before;
  std::optional<Checklist> checklist_after;
  std::vector<std::string> checklist_files;
  std::string checklist_error;
};

// Applies a saved plan whose file bytes are `plan_bytes`.
ApplySessionResult apply_saved_plan(const std::string& plan_bytes, const ApplyRequest& request,
                                    SecretSource& secrets);

// Applies a plan clawform made just now rather than from the manifest (an
// in-place restore, compiler/operations/restore_plan.h), from the live
// state `live` it was made against: the lock, the journal, rollback and
// recover as for any apply; no stale-plan check (there is no manifest plan
// to compare it with).
ApplySessionResult apply_made_plan(const PlanFile& file, const LiveState& live, const ApplyRequest& request,
                                   SecretSource& secrets);

// Finishes what an interrupted apply left: rolls it back, or with `resume`
// runs its remaining steps. `root` is --root ("" for the real host).
ApplySessionResult recover_apply(bool resume, const ApplyRequest& request, SecretSource& secrets);

}  // namespace clawform
