#include "compiler/apply_chains.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

namespace clawform {

namespace {

// The journal, one record at a time from any thread.
class SharedJournal : public JournalSink {
 public:
  explicit SharedJournal(JournalSink& inner) : inner_(inner) {}
  Status append(const nlohmann::json& record) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return inner_.append(record);
  }

 private:
  JournalSink& inner_;
  std::mutex mutex_;
};

// One chain's view of the journal: its records go to the shared journal
// and are folded into `state`, as apply_steps() folds them into its own
// copy, so that a chain that finished can still be rolled back from them.
class ChainJournal : public JournalSink {
 public:
  ChainJournal(JournalSink& shared, JournalState begun) : state(std::move(begun)), shared_(shared) {}
  Status append(const nlohmann::json& record) override {
    if (Status appended = shared_.append(record); !appended) return appended;
    state.fold_step_record(record.value("event", ""), record);
    return Status::ok();
  }

  JournalState state;

 private:
  JournalSink& shared_;
};

// Union-find over chain numbers.
int root_of(std::vector<int>& parent, int i) {
  while (parent[static_cast<std::size_t>(i)] != i)
    i = parent[static_cast<std::size_t>(i)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
  return i;
}

Plan chain_plan(const Plan& plan, const StepChain& chain) {
  std::map<int, const Step*> by_index;
  for (const Step& step : plan.steps) by_index[step.index] = &step;
  Plan sub;
  for (int k : chain.steps) sub.steps.push_back(*by_index.at(k));
  return sub;
}

int severity(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::Applied: return 0;
    case ApplyOutcome::RolledBack: return 1;
    case ApplyOutcome::Kept: return 2;
    case ApplyOutcome::RollbackFailed: return 3;
  }
  return 3;
}

}  // namespace

std::vector<StepChain> step_chains(const Plan& plan) {
  // A chain per instance name, in the order of first appearance.
  std::map<std::string, int> chain_of_instance;
  std::vector<std::string> names;
  std::map<int, int> chain_of_step;
  for (const Step& step : plan.steps) {
    const std::string name = step.instance ? step.instance->instance : "";
    auto [it, fresh] = chain_of_instance.try_emplace(name, static_cast<int>(names.size()));
    if (fresh) names.push_back(name);
    chain_of_step[step.index] = it->second;
  }
  std::vector<int> parent(names.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (const Step& step : plan.steps)
    for (int dependency : step.depends_on)
      if (auto it = chain_of_step.find(dependency); it != chain_of_step.end()) {
        const int a = root_of(parent, chain_of_step.at(step.index)), b = root_of(parent, it->second);
        if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
      }
  std::vector<StepChain> chains;
  std::map<int, std::size_t> position;  // root -> index in chains
  for (const Step& step : plan.steps) {
    const int root = root_of(parent, chain_of_step.at(step.index));
    auto [it, fresh] = position.try_emplace(root, chains.size());
    if (fresh) chains.push_back({names[static_cast<std::size_t>(root)], {}});
    chains[it->second].steps.push_back(step.index);
  }
  return chains;
}

bool ChainsReport::partly_applied() const {
  const bool some_applied = std::any_of(chains.begin(), chains.end(),
                                        [](const ChainResult& c) { return c.report.outcome == ApplyOutcome::Applied; });
  const bool some_not = std::any_of(chains.begin(), chains.end(),
                                    [](const ChainResult& c) { return c.report.outcome != ApplyOutcome::Applied; });
  return some_applied && some_not;
}

ChainsReport apply_chains(const Plan& plan,
                          const std::function<std::unique_ptr<StepExecutor>(const StepChain&)>& executor_for,
                          JournalSink& journal, const JournalState& state, const ApplyOptions& options,
                          unsigned jobs, OnChainFailure on_failure) {
  const std::vector<StepChain> chains = step_chains(plan);
  const int total = static_cast<int>(plan.steps.size());
  SharedJournal shared(journal);
  std::atomic<bool> step_failed{false};  // RollBackAll: the other chains stop at their next step
  std::atomic<int> first_failed{-1};     // the chain whose failure came first: the apply's
  std::mutex progress_mutex;

  const std::size_t threads = std::min<std::size_t>(std::max(jobs, 1u), chains.size());
  std::map<int, int> chain_of_step;  // step index -> chain number
  for (std::size_t i = 0; i < chains.size(); ++i)
    for (int k : chains[i].steps) chain_of_step[k] = static_cast<int>(i);
  ApplyOptions chain_options = options;
  chain_options.write_end = false;
  chain_options.progress = [&](const ProgressEvent& event) {
    if (event.kind == ProgressEvent::Kind::Failed) {
      // The first step to fail names the apply's failure (a chain stopped
      // because of it fails without this event, and may return first).
      int none = -1;
      if (event.step) first_failed.compare_exchange_strong(none, chain_of_step.at(event.step->index));
      step_failed = true;
    }
    if (!options.progress) return;
    ProgressEvent whole = event;
    whole.total = total;  // "[5/26]": the plan's count, not the chain's
    whole.whole_line = threads > 1;
    std::lock_guard<std::mutex> lock(progress_mutex);
    options.progress(whole);
  };
  if (options.rollback_started)
    chain_options.rollback_started = [&] {
      std::lock_guard<std::mutex> lock(progress_mutex);
      options.rollback_started();
    };
  if (on_failure == OnChainFailure::RollBackAll)
    chain_options.interrupted = [&]() -> std::string {
      if (std::string why = options.interrupted ? options.interrupted() : ""; !why.empty()) return why;
      return step_failed ? "another instance's step failed (every instance is rolled back)" : "";
    };

  ChainsReport report;
  report.chains.resize(chains.size());
  std::vector<Plan> plans(chains.size());
  std::vector<std::unique_ptr<StepExecutor>> executors(chains.size());
  std::vector<std::unique_ptr<ChainJournal>> journals;
  for (std::size_t i = 0; i < chains.size(); ++i) {
    report.chains[i].chain = chains[i];
    plans[i] = chain_plan(plan, chains[i]);
    executors[i] = executor_for(chains[i]);
    journals.push_back(std::make_unique<ChainJournal>(shared, state));
  }

  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < chains.size(); i = next++) {
      ApplyReport chain = apply_steps(plans[i], *executors[i], *journals[i], state, chain_options);
      if (chain.outcome != ApplyOutcome::Applied || !chain.error.empty()) {
        int none = -1;
        first_failed.compare_exchange_strong(none, static_cast<int>(i));
      }
      report.chains[i].report = std::move(chain);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();

  // RollBackAll: the chains that finished before the failure are undone
  // too, from their own records.
  if (on_failure == OnChainFailure::RollBackAll && first_failed >= 0 && options.rollback_on_failure)
    for (std::size_t i = 0; i < chains.size(); ++i) {
      ChainResult& chain = report.chains[i];
      if (chain.report.outcome != ApplyOutcome::Applied) continue;
      chain.report = roll_back(plans[i], *executors[i], *journals[i], journals[i]->state, chain_options);
    }

  // The plan's outcome; its failure is the one that came first.
  if (first_failed >= 0) {
    const ApplyReport& first = report.chains[static_cast<std::size_t>(first_failed.load())].report;
    report.overall.failed_step = first.failed_step;
    report.overall.error = first.error;
  }
  for (const ChainResult& chain : report.chains) {
    if (severity(chain.report.outcome) > severity(report.overall.outcome)) report.overall.outcome = chain.report.outcome;
    report.overall.undone.insert(report.overall.undone.end(), chain.report.undone.begin(), chain.report.undone.end());
    report.overall.unverified.insert(report.overall.unverified.end(), chain.report.unverified.begin(),
                                     chain.report.unverified.end());
    if (report.overall.undo_failed_step == 0 && chain.report.undo_failed_step != 0) {
      report.overall.undo_failed_step = chain.report.undo_failed_step;
      report.overall.undo_error = chain.report.undo_error;
    }
    report.overall.left_to_undo.insert(report.overall.left_to_undo.end(), chain.report.left_to_undo.begin(),
                                       chain.report.left_to_undo.end());
  }
  nlohmann::json instances = nlohmann::json::object();
  for (const ChainResult& chain : report.chains) {
    instances[chain.chain.instance] = apply_outcome_name(chain.report.outcome);
    report.overall.instances.emplace_back(chain.chain.instance, chain.report.outcome);
  }
  if (Status ended = shared.append({{"event", "end"},
                                    {"outcome", apply_outcome_name(report.overall.outcome)},
                                    {"instances", instances}});
      !ended && report.overall.error.empty())
    report.overall.error = "every chain ended, but the journal's end could not be written: " + ended.message();
  return report;
}

}  // namespace clawform
