// Instances in parallel (compiler/apply_chains.h) against executors that
// only record: chains by instance, joined by a dependency; every chain's
// order kept in one journal; a failure rolls back its own instance only
// (or every instance); and a crash at every record of an interleaved
// journal is rolled back from the journal alone, each chain in reverse.
#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <set>

#include "compiler/apply_chains.h"
#include "compiler/journal.h"
#include "compiler/render_apply.h"

namespace clawform {
namespace {

std::shared_ptr<const InstanceLayout> layout(const std::string& name) {
  auto l = std::make_shared<InstanceLayout>();
  l->instance = name;
  return l;
}

// Steps 1..3N: instance a, b, c, a, b, c, ... (as a plan of three C
// instances interleaves nothing, but a chain must not assume it).
Plan plan_of(int per_instance) {
  Plan plan;
  std::map<std::string, std::shared_ptr<const InstanceLayout>> layouts = {
      {"a", layout("a")}, {"b", layout("b")}, {"c", layout("c")}};
  int k = 0;
  for (int i = 0; i < per_instance; ++i)
    for (const std::string name : {"a", "b", "c"}) {
      Step s;
      s.index = ++k;
      s.address = "project." + name + ".step" + std::to_string(k);
      s.project = name;
      s.action = Action::Create;
      s.instance = layouts.at(name);
      plan.steps.push_back(s);
    }
  return plan;
}

// What every executor did, in order, one log for all (they run on threads).
struct SharedLog {
  std::mutex mutex;
  std::vector<std::string> calls;
  std::set<int> failing_runs;
  void add(std::string call) {
    std::lock_guard<std::mutex> lock(mutex);
    calls.push_back(std::move(call));
  }
  // The calls of `steps`' kind ("run", "undo") in the order they were made.
  std::vector<int> of(const std::string& kind, const std::vector<int>& steps) {
    std::vector<int> out;
    for (const std::string& c : calls)
      if (c.starts_with(kind + " ")) {
        const int k = std::stoi(c.substr(kind.size() + 1));
        if (std::find(steps.begin(), steps.end(), k) != steps.end()) out.push_back(k);
      }
    return out;
  }
};

class LoggingExecutor : public StepExecutor {
 public:
  explicit LoggingExecutor(SharedLog& log) : log_(log) {}
  Result<nlohmann::json> save(const Step& step) override {
    log_.add("save " + std::to_string(step.index));
    return nlohmann::json{{"was", step.index}};
  }
  Result<std::string> run(const Step& step) override {
    log_.add("run " + std::to_string(step.index));
    if (log_.failing_runs.count(step.index)) return Status::error("boom");
    return std::string();
  }
  Status undo(const Step& step, const nlohmann::json& undo) override {
    CHECK(undo.at("was") == step.index);
    log_.add("undo " + std::to_string(step.index));
    return Status::ok();
  }
  Result<std::string> verify_undone(const Step&, const nlohmann::json&) override { return std::string(); }
  Result<std::string> finish_rollback() override {
    log_.add("finish");
    return std::string();
  }

 private:
  SharedLog& log_;
};

class MemoryJournal : public JournalSink {
 public:
  explicit MemoryJournal(int steps)
      : text(journal_line({{"event", "begin"}, {"plan_sha256", "ab"}, {"steps", steps}})) {}
  std::string text;
  std::vector<std::string> lines;  // the records after begin, one line each
  Status append(const nlohmann::json& record) override {
    lines.push_back(journal_line(record));
    text += lines.back();
    return Status::ok();
  }
};

JournalState begun(int steps) {
  JournalState state;
  state.total_steps = steps;
  return state;
}

std::vector<int> reversed(std::vector<int> v) {
  std::reverse(v.begin(), v.end());
  return v;
}

ChainsReport run(const Plan& plan, SharedLog& log, MemoryJournal& journal, OnChainFailure on_failure,
                 unsigned jobs = 3) {
  return apply_chains(
      plan, [&](const StepChain&) { return std::make_unique<LoggingExecutor>(log); }, journal,
      begun(static_cast<int>(plan.steps.size())), {}, jobs, on_failure);
}

TEST_CASE("apply chains: one chain per instance, in the order of their first step") {
  Plan plan = plan_of(2);
  std::vector<StepChain> chains = step_chains(plan);
  REQUIRE(chains.size() == 3);
  CHECK(chains[0].instance == "a");
  CHECK(chains[0].steps == std::vector<int>{1, 4});
  CHECK(chains[1].steps == std::vector<int>{2, 5});
  CHECK(chains[2].steps == std::vector<int>{3, 6});

  SUBCASE("a dependency between instances joins their chains") {
    plan.steps[4].depends_on = {1};  // step 5 (b) waits for step 1 (a)
    chains = step_chains(plan);
    REQUIRE(chains.size() == 2);
    CHECK(chains[0].steps == std::vector<int>{1, 2, 4, 5});
    CHECK(chains[1].steps == std::vector<int>{3, 6});
  }
  SUBCASE("steps bound to no instance are one chain") {
    for (Step& s : plan.steps) s.instance.reset();
    chains = step_chains(plan);
    REQUIRE(chains.size() == 1);
    CHECK(chains[0].steps.size() == 6);
  }
}

TEST_CASE("apply chains: every chain applied in its own order, one journal that ends applied") {
  Plan plan = plan_of(3);
  SharedLog log;
  MemoryJournal journal(9);
  ChainsReport report = run(plan, log, journal, OnChainFailure::RollBackInstance);
  CHECK(report.overall.outcome == ApplyOutcome::Applied);
  CHECK_FALSE(report.partly_applied());
  for (const StepChain& chain : step_chains(plan)) CHECK(log.of("run", chain.steps) == chain.steps);
  Result<JournalState> read = read_journal(journal.text);
  REQUIRE(read.is_ok());
  CHECK(read->outcome == "applied");
  CHECK(read->first_not_done() == 0);
  const nlohmann::json end = nlohmann::json::parse(journal.lines.back().substr(0, journal.lines.back().find(",\"crc32\"")) + "}");
  CHECK(end.at("instances") == nlohmann::json({{"a", "applied"}, {"b", "applied"}, {"c", "applied"}}));
}

TEST_CASE("apply chains: a failure rolls back its own instance - the others are applied") {
  Plan plan = plan_of(3);  // b holds steps 2, 5, 8
  SharedLog log;
  log.failing_runs = {5};
  MemoryJournal journal(9);
  ChainsReport report = run(plan, log, journal, OnChainFailure::RollBackInstance);
  CHECK(report.overall.outcome == ApplyOutcome::RolledBack);
  CHECK(report.overall.failed_step == 5);
  CHECK(report.partly_applied());
  REQUIRE(report.chains.size() == 3);
  CHECK(report.chains[0].report.outcome == ApplyOutcome::Applied);
  CHECK(report.chains[1].report.outcome == ApplyOutcome::RolledBack);
  CHECK(report.chains[2].report.outcome == ApplyOutcome::Applied);
  CHECK(log.of("undo", {2, 5, 8}) == std::vector<int>{5, 2});  // b's, last first; 8 never ran
  CHECK(log.of("undo", {1, 4, 7, 3, 6, 9}).empty());
  CHECK(log.of("run", {1, 4, 7}) == std::vector<int>{1, 4, 7});
  CHECK(log.of("run", {3, 6, 9}) == std::vector<int>{3, 6, 9});
  Result<JournalState> read = read_journal(journal.text);
  REQUIRE(read.is_ok());
  CHECK(read->outcome == "rolled_back");
  CHECK(read->to_undo() == std::vector<int>{9, 7, 6, 4, 3, 1});  // what stays applied: a's and c's
}

TEST_CASE("apply chains: RollBackAll stops the other chains and rolls back every instance") {
  Plan plan = plan_of(3);
  SharedLog log;
  log.failing_runs = {5};
  MemoryJournal journal(9);
  ChainsReport report = run(plan, log, journal, OnChainFailure::RollBackAll);
  CHECK(report.overall.outcome == ApplyOutcome::RolledBack);
  CHECK(report.overall.failed_step == 5);
  CHECK_FALSE(report.partly_applied());
  for (const ChainResult& chain : report.chains) CHECK(chain.report.outcome == ApplyOutcome::RolledBack);
  Result<JournalState> read = read_journal(journal.text);
  REQUIRE(read.is_ok());
  CHECK(read->to_undo().empty());  // every prepared step undone
  for (const StepChain& chain : step_chains(plan)) {
    std::vector<int> ran = log.of("run", chain.steps);
    CHECK(log.of("undo", chain.steps) == reversed(ran));
  }
}

TEST_CASE("apply chains: a crash at any record of an interleaved journal is rolled back from the journal alone") {
  Plan plan = plan_of(3);
  SharedLog log;
  MemoryJournal journal(9);
  REQUIRE(run(plan, log, journal, OnChainFailure::RollBackInstance).overall.outcome == ApplyOutcome::Applied);
  const std::string begin = journal_line({{"event", "begin"}, {"plan_sha256", "ab"}, {"steps", 9}});
  // Every prefix of the records but the end: what a kill -9 after that record leaves.
  for (std::size_t cut = 0; cut + 1 < journal.lines.size(); ++cut) {
    CAPTURE(cut);
    std::string text = begin;
    for (std::size_t i = 0; i < cut; ++i) text += journal.lines[i];
    Result<JournalState> crashed = read_journal(text);
    REQUIRE(crashed.is_ok());
    std::set<int> prepared;
    for (const auto& [k, record] : crashed->steps)
      if (record.prepared) prepared.insert(k);
    SharedLog recover_log;
    LoggingExecutor executor(recover_log);
    MemoryJournal recover_journal(9);
    ApplyReport recovered = roll_back(plan, executor, recover_journal, *crashed, {});
    CHECK(recovered.outcome == ApplyOutcome::RolledBack);
    for (const StepChain& chain : step_chains(plan)) {
      std::vector<int> want;
      for (int k : chain.steps)
        if (prepared.count(k)) want.push_back(k);
      CHECK(recover_log.of("undo", chain.steps) == reversed(want));  // each chain, last first
    }
  }
}

TEST_CASE("apply chains: one job runs the chains one after another") {
  Plan plan = plan_of(2);
  SharedLog log;
  MemoryJournal journal(6);
  REQUIRE(run(plan, log, journal, OnChainFailure::RollBackInstance, 1).overall.outcome == ApplyOutcome::Applied);
  CHECK(log.of("run", {1, 2, 3, 4, 5, 6}) == std::vector<int>{1, 4, 2, 5, 3, 6});
}


TEST_CASE("apply chains: the report names each instance's outcome - lines are whole when chains run at once") {
  Plan plan = plan_of(3);
  SharedLog log;
  log.failing_runs = {5};  // b's second step
  MemoryJournal journal(9);
  std::vector<std::string> lines;
  ApplyOptions options;
  options.progress = [&](const ProgressEvent& e) { lines.push_back(render_progress_text(e)); };
  ChainsReport report = apply_chains(
      plan, [&](const StepChain&) { return std::make_unique<LoggingExecutor>(log); }, journal, begun(9), options, 3,
      OnChainFailure::RollBackInstance);
  using Outcomes = std::vector<std::pair<std::string, ApplyOutcome>>;
  CHECK(report.overall.instances ==
        Outcomes{{"a", ApplyOutcome::Applied}, {"b", ApplyOutcome::RolledBack}, {"c", ApplyOutcome::Applied}});
  // Every line whole: no Start line of its own, each result with its step.
  CHECK(lines.size() > 9);
  for (const std::string& line : lines) {
    if (line.empty()) continue;  // a Start event: nothing of its own
    CAPTURE(line);
    CHECK(line.starts_with("["));
    const std::string first = line.substr(0, line.find('\n'));
    CHECK((first.find(" ... ok (") != std::string::npos || first.find(" ... FAILED (") != std::string::npos));
  }
  const std::string text = render_apply_report(plan, report.overall, "", false);
  CHECK(text.find("error: step 5 (project.b.step5) failed: boom\n") == 0);
  CHECK(text.find("Rolled back: undid steps 5, 2. The instances rolled back are as they were before the apply") !=
        std::string::npos);
  CHECK(text.find("By instance: a applied, b rolled back, c applied.\n") != std::string::npos);
  CHECK(text.find("The instances applied keep their changes") != std::string::npos);
}

TEST_CASE("apply chains: RollBackAll names the step that failed - not a chain it stopped") {
  Plan plan = plan_of(3);
  SharedLog log;
  log.failing_runs = {8};  // b's last step: a and c are stopped, maybe before b returns
  MemoryJournal journal(9);
  ChainsReport report = run(plan, log, journal, OnChainFailure::RollBackAll);
  CHECK(report.overall.failed_step == 8);
  CHECK(report.overall.error == "boom");
  const std::string text = render_apply_report(plan, report.overall, "", false);
  CHECK(text.find("By instance: a rolled back, b rolled back, c rolled back.\n") != std::string::npos);
  CHECK(text.find("The host is as it was before the apply") != std::string::npos);
}

}  // namespace
}  // namespace clawform
