#pragma once
// The apply loop: runs a plan's steps in order through a StepExecutor,
// journaling ahead of every change, and on failure undoes what was done in
// reverse order. Also the two ways out of an unfinished journal (a crash):
// roll it back, or resume it.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/journal.h"
#include "compiler/plan.h"
#include "compiler/step_executor.h"

namespace clawform {

// CLAWFORM_FAULT=STEP:fail|kill (tests only): after step STEP has run, the
// applier reports it failed, or kills its own process (as kill -9 would)
// before the step is marked done.
struct Fault {
  enum class Kind { Fail, Kill };
  int step = 0;
  Kind kind = Kind::Fail;
};
// An error when `text` is not STEP:fail or STEP:kill.
Result<Fault> parse_fault(const std::string& text);

struct ProgressEvent {
  enum class Kind { Start, Done, Failed, UndoStart, Undone, UndoFailed, Note };
  Kind kind = Kind::Note;
  const Step* step = nullptr;  // null for Note
  int total = 0;
  double seconds = 0;
  std::string message;
  // Steps of several instances run at once (apply_chains): a step's line is
  // written whole when it ends (no Start line), so lines never interleave.
  bool whole_line = false;
};

struct ApplyOptions {
  bool rollback_on_failure = true;
  std::optional<Fault> fault;
  std::function<void(const ProgressEvent&)> progress;
  std::function<void()> kill_self;  // the Kill fault; default: raise(SIGKILL)
  // Why the apply must stop ("interrupted by SIGTERM"), "" while it may go
  // on: asked before each step and after each step's run. A step that ran
  // (or was stopped) when it says so fails, and the apply rolls back.
  std::function<std::string()> interrupted;
  // Called once when a rollback begins (before the first undo).
  std::function<void()> rollback_started;
  // Whether apply_steps() and roll_back() write the journal's end record;
  // false when they run one chain of several (apply_chains() ends it).
  bool write_end = true;
};

enum class ApplyOutcome {
  Applied,         // every step done
  RolledBack,      // a step failed; every change undone
  Kept,            // a step failed; --no-rollback kept the partial state (journal left)
  RollbackFailed,  // an undo failed: a human must finish (journal left)
};
std::string_view apply_outcome_name(ApplyOutcome outcome);

struct ApplyReport {
  ApplyOutcome outcome = ApplyOutcome::Applied;
  int failed_step = 0;  // the step that failed (0: none)
  std::string error;
  std::vector<int> undone;        // in the order they were undone
  // Undone steps whose result could not be compared with their undo
  // record, and why (StepExecutor::verify_undone); the others were.
  std::vector<std::pair<int, std::string>> unverified;
  int undo_failed_step = 0;
  std::string undo_error;
  std::vector<int> left_to_undo;  // after an undo failure, last first (incl. the failed undo)
  // Instances applied at once (apply_chains): each one's own outcome, in
  // plan order; empty when the plan ran as one sequence.
  std::vector<std::pair<std::string, ApplyOutcome>> instances;
};

// Runs `plan`'s steps, in order, skipping those done already. `journal`
// already holds the begin record (and, when resuming, the records so far
// in `state`).
ApplyReport apply_steps(const Plan& plan, StepExecutor& executor, JournalSink& journal, JournalState state,
                        const ApplyOptions& options);

// Undoes every step of `plan` that `state` says was prepared and not
// undone, last first (steps of `state` that are not `plan`'s are left
// alone: another chain's), checking after each undo that the host is what
// its record says (a difference stops the rollback like a failed undo),
// then lets the executor restart what it stopped; writes "end".
ApplyReport roll_back(const Plan& plan, StepExecutor& executor, JournalSink& journal, JournalState state,
                      const ApplyOptions& options, ApplyReport report = {});

}  // namespace clawform
