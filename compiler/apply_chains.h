#pragma once
// Instances in parallel (topologies B and C): a plan's steps grouped into
// chains, one per instance, that share nothing; apply_chains() runs the
// chains concurrently, each in plan order through an executor of its own,
// all into one journal.
//
// Every journal record names its step, so the journal of any interleaving
// folds (read_journal) into the state apply_steps() would leave for the
// same steps, and a rollback of it (roll_back(): every prepared step not
// undone, highest index first) undoes each chain's steps in reverse order;
// since no step of one chain depends on a step of another, the order
// between chains does not matter. That is what `recover` does after a
// crash at any point of any interleaving.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "compiler/applier.h"

namespace clawform {

struct StepChain {
  std::string instance;   // the instance its steps act on ("" for steps bound to none)
  std::vector<int> steps;  // step indices, in plan order
};

// One chain per instance (Step::instance's name; the steps bound to none
// form one chain), in the order of their first step. Chains that a step's
// depends_on links are joined into one, so chains never wait on each
// other. Topology A (one instance) is one chain.
std::vector<StepChain> step_chains(const Plan& plan);

enum class OnChainFailure {
  RollBackInstance,  // the failed chain's steps are rolled back; the other chains go on
  RollBackAll,       // once a step fails, the other chains stop at their next step; every chain is rolled back
};

struct ChainResult {
  StepChain chain;
  ApplyReport report;  // the chain's own: Applied, RolledBack, Kept or RollbackFailed
};

struct ChainsReport {
  std::vector<ChainResult> chains;  // in step_chains() order
  // The plan's outcome: RollbackFailed if any chain's rollback failed, else
  // Kept if any chain kept a partial state, else RolledBack if any chain
  // rolled back, else Applied; failed_step and error of the chain whose
  // failure came first.
  ApplyReport overall;
  // Some chains applied while others rolled back (RollBackInstance).
  bool partly_applied() const;
};

// Runs `plan`'s chains, at most `jobs` (at least 1) at once, each through
// the executor `executor_for` makes for it (one per chain: an executor's
// rollback restarts only the gateways its own undos stopped). `journal`
// already holds the begin record; it is written from several threads, one
// record at a time. `options` are apply_steps()' (the progress callback is
// called from several threads, one event at a time; the fault injector
// acts on its step in whichever chain holds it). Writes the end record,
// with each chain's outcome by instance.
ChainsReport apply_chains(const Plan& plan,
                          const std::function<std::unique_ptr<StepExecutor>(const StepChain&)>& executor_for,
                          JournalSink& journal, const JournalState& state, const ApplyOptions& options,
                          unsigned jobs, OnChainFailure on_failure);

}  // namespace clawform
