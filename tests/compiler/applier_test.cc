// The apply loop against an executor that only records: journal order,
// rollback order, undo failures, resuming and rolling back a journal read
// back after a crash, and the fault injector.
#include <doctest/doctest.h>

#include <set>

#include "compiler/applier.h"
#include "compiler/journal.h"
#include "compiler/render_apply.h"

namespace clawform {
namespace {

Plan plan_of(int steps) {
  Plan plan;
  for (int k = 1; k <= steps; ++k) {
    Step s;
    s.index = k;
    s.address = "project.acme.step" + std::to_string(k);
    s.project = "acme";
    s.action = Action::Create;
    s.undo = "undo " + std::to_string(k);
    plan.steps.push_back(s);
  }
  return plan;
}

class RecordingExecutor : public StepExecutor {
 public:
  std::vector<std::string> calls;
  std::set<int> failing_runs, failing_undos;
  std::set<int> differing_undos, unverifiable_undos;  // verify_undone() finds a difference / cannot compare
  bool rollback_finished = false;
  std::string restarted;  // what finish_rollback() says it started

  Result<nlohmann::json> save(const Step& step) override {
    calls.push_back("save " + std::to_string(step.index));
    return nlohmann::json{{"was", step.index}};
  }
  Result<std::string> run(const Step& step) override {
    calls.push_back("run " + std::to_string(step.index));
    if (failing_runs.count(step.index)) return Status::error("boom");
    return std::string();
  }
  Status undo(const Step& step, const nlohmann::json& undo) override {
    CHECK(undo.at("was") == step.index);  // the record save() made
    calls.push_back("undo " + std::to_string(step.index));
    return failing_undos.count(step.index) ? Status::error("stuck") : Status::ok();
  }
  Result<std::string> verify_undone(const Step& step, const nlohmann::json&) override {
    calls.push_back("verify " + std::to_string(step.index));
    if (differing_undos.count(step.index)) return Status::error("/r/acme/openclaw.json differs from its saved copy");
    return std::string(unverifiable_undos.count(step.index) ? "its undo record names nothing clawform can compare" : "");
  }
  Result<std::string> finish_rollback() override {
    rollback_finished = true;
    return restarted;
  }
};

// The journal as JournalFile writes it, begun as apply_session begins it
// (the records the applier writes follow a begin record, read_journal checks).
class MemoryJournal : public JournalSink {
 public:
  explicit MemoryJournal(int steps = 4)
      : text(journal_line({{"event", "begin"}, {"plan_sha256", "ab"}, {"steps", steps}})) {}
  std::string text;
  Status append(const nlohmann::json& record) override {
    text += journal_line(record);
    return Status::ok();
  }
};

// The journal `text` folds to; the test fails when it cannot be read.
JournalState journal_of(std::string_view text) {
  Result<JournalState> read = read_journal(text);
  REQUIRE_MESSAGE(read.is_ok(), read.message());
  return std::move(*read);
}

JournalState begun(int steps) {
  JournalState state;
  state.total_steps = steps;
  return state;
}

TEST_CASE("applier: every step saved then run in order and journaled - the journal ends applied") {
  Plan plan = plan_of(3);
  RecordingExecutor executor;
  MemoryJournal journal(3);
  ApplyReport report = apply_steps(plan, executor, journal, begun(3), {});
  CHECK(report.outcome == ApplyOutcome::Applied);
  CHECK(executor.calls == std::vector<std::string>{"save 1", "run 1", "save 2", "run 2", "save 3", "run 3"});
  JournalState read = journal_of(journal.text);
  CHECK(read.outcome == "applied");
  CHECK(read.first_not_done() == 0);
  CHECK(read.to_undo() == std::vector<int>{3, 2, 1});
}

TEST_CASE("applier: a failing step is undone with every step before it in reverse order") {
  Plan plan = plan_of(4);
  RecordingExecutor executor;
  executor.failing_runs = {3};
  MemoryJournal journal(4);
  executor.restarted = "gateway of instance acme started again on port 18789 (2.0 s)";
  std::vector<std::string> notes;
  ApplyOptions options;
  options.progress = [&](const ProgressEvent& e) {
    if (e.kind == ProgressEvent::Kind::Note) notes.push_back(e.message);
  };
  ApplyReport report = apply_steps(plan, executor, journal, begun(4), options);
  CHECK(notes == std::vector<std::string>{executor.restarted});  // after the undos, for the operator
  CHECK(report.outcome == ApplyOutcome::RolledBack);
  CHECK(report.failed_step == 3);
  CHECK(report.error == "boom");
  CHECK(report.undone == std::vector<int>{3, 2, 1});
  CHECK(report.unverified.empty());
  CHECK(executor.rollback_finished);
  CHECK(std::count(executor.calls.begin(), executor.calls.end(), "run 4") == 0);
  // Each undo is checked against its record before the next one runs.
  CHECK(std::vector<std::string>(executor.calls.end() - 6, executor.calls.end()) ==
        std::vector<std::string>{"undo 3", "verify 3", "undo 2", "verify 2", "undo 1", "verify 1"});
  JournalState read = journal_of(journal.text);
  CHECK(read.outcome == "rolled_back");
  CHECK(read.to_undo().empty());
  CHECK(read.steps.at(3).error == "boom");
}

TEST_CASE("applier: a failed undo stops the rollback and lists what a human must undo") {
  Plan plan = plan_of(4);
  RecordingExecutor executor;
  executor.failing_runs = {4};
  executor.failing_undos = {3};
  MemoryJournal journal(4);
  ApplyReport report = apply_steps(plan, executor, journal, begun(4), {});
  CHECK(report.outcome == ApplyOutcome::RollbackFailed);
  CHECK(report.undone == std::vector<int>{4});
  CHECK(report.undo_failed_step == 3);
  CHECK(report.left_to_undo == std::vector<int>{3, 2, 1});
  CHECK(std::count(executor.calls.begin(), executor.calls.end(), "undo 2") == 0);
  CHECK_FALSE(executor.rollback_finished);
  // recover retries from the journal: the steps still to undo are 3, 2, 1.
  CHECK(journal_of(journal.text).to_undo() == std::vector<int>{3, 2, 1});
}

TEST_CASE("applier: an undo that leaves the host unlike its record stops the rollback like a failed undo") {
  Plan plan = plan_of(3);
  RecordingExecutor executor;
  executor.failing_runs = {3};
  executor.differing_undos = {2};
  MemoryJournal journal(3);
  ApplyReport report = apply_steps(plan, executor, journal, begun(3), {});
  CHECK(report.outcome == ApplyOutcome::RollbackFailed);
  CHECK(report.undone == std::vector<int>{3});
  CHECK(report.undo_failed_step == 2);
  CHECK(report.undo_error ==
        "undone, but not as it was before the apply: /r/acme/openclaw.json differs from its saved copy");
  CHECK(report.left_to_undo == std::vector<int>{2, 1});
  CHECK_FALSE(executor.rollback_finished);
  CHECK(journal_of(journal.text).to_undo() == std::vector<int>{2, 1});
}

TEST_CASE("applier: a rollback says the host is as it was only when every undo was checked") {
  Plan plan = plan_of(3);
  RecordingExecutor executor;
  executor.failing_runs = {3};
  MemoryJournal journal(3);
  SUBCASE("all checked") {
    ApplyReport report = apply_steps(plan, executor, journal, begun(3), {});
    CHECK(render_apply_report(plan, report, "/r/.clawform/journal", false) ==
          "error: step 3 (project.acme.step3) failed: boom\n"
          "Rolled back: undid steps 3, 2, 1. The host is as it was before the apply: each undo was checked against "
          "its record.\n");
  }
  SUBCASE("one could not be") {
    executor.unverifiable_undos = {2};
    ApplyReport report = apply_steps(plan, executor, journal, begun(3), {});
    CHECK(report.outcome == ApplyOutcome::RolledBack);
    CHECK(render_apply_report(plan, report, "/r/.clawform/journal", false) ==
          "error: step 3 (project.acme.step3) failed: boom\n"
          "Rolled back: undid steps 3, 2, 1. Not every undo could be checked against its record; check these by "
          "hand:\n"
          "  [2] project.acme.step2: its undo record names nothing clawform can compare\n");
  }
}

TEST_CASE("applier: --no-rollback keeps the partial state and the journal open") {
  Plan plan = plan_of(3);
  RecordingExecutor executor;
  executor.failing_runs = {2};
  MemoryJournal journal(3);
  ApplyOptions keep;
  keep.rollback_on_failure = false;
  ApplyReport report = apply_steps(plan, executor, journal, begun(3), keep);
  CHECK(report.outcome == ApplyOutcome::Kept);
  CHECK(std::count_if(executor.calls.begin(), executor.calls.end(),
                      [](const std::string& c) { return c.starts_with("undo"); }) == 0);
  CHECK(journal_of(journal.text).to_undo() == std::vector<int>{2, 1});
}

TEST_CASE("applier: a crash between run and done is rolled back from the journal alone") {
  Plan plan = plan_of(3);
  // What a process killed during step 2 leaves: 1 done, 2 prepared, a torn line.
  std::string text =
      R"({"event":"begin","plan_sha256":"ab","steps":3,"pid":1,"host":"h","started":"t"})" "\n"
      R"({"event":"prepared","step":1,"undo":{"was":1}})" "\n"
      R"({"event":"done","step":1,"seconds":0.1})" "\n"
      R"({"event":"prepared","step":2,"undo":{"was":2}})" "\n"
      R"({"event":"do)";
  JournalState state = journal_of(text);
  CHECK(state.torn_tail);
  CHECK(state.plan_sha256 == "ab");
  CHECK(state.first_not_done() == 2);

  SUBCASE("recover rolls back steps 2 and 1") {
    RecordingExecutor executor;
    MemoryJournal journal(3);
    ApplyReport report = roll_back(plan, executor, journal, state, {});
    CHECK(report.outcome == ApplyOutcome::RolledBack);
    CHECK(executor.calls == std::vector<std::string>{"undo 2", "verify 2", "undo 1", "verify 1"});
  }
  SUBCASE("recover --resume runs step 2 again with its first undo record, then step 3") {
    RecordingExecutor executor;
    MemoryJournal journal(3);
    ApplyReport report = apply_steps(plan, executor, journal, state, {});
    CHECK(report.outcome == ApplyOutcome::Applied);
    CHECK(executor.calls == std::vector<std::string>{"run 2", "save 3", "run 3"});
  }
}

TEST_CASE("applier: a damaged journal line that is not the last is an error naming the line") {
  Result<JournalState> read = read_journal("{\"event\":\"begin\",\"plan_sha256\":\"a\",\"steps\":1}\nnot json\n{}\n");
  REQUIRE_FALSE(read.is_ok());
  CHECK(read.message().find("journal line 2") != std::string::npos);
}

TEST_CASE("applier: the fault injector fails or kills after the step ran") {
  CHECK(parse_fault("x:fail").message().find("STEP:fail or STEP:kill") != std::string::npos);
  CHECK_FALSE(parse_fault("2:explode").is_ok());
  CHECK_FALSE(parse_fault("0:fail").is_ok());
  Result<Fault> kill = parse_fault("2:kill");
  REQUIRE(kill.is_ok());
  CHECK(kill->step == 2);
  CHECK(kill->kind == Fault::Kind::Kill);

  Plan plan = plan_of(3);
  RecordingExecutor executor;
  MemoryJournal journal(3);
  bool killed = false;
  ApplyOptions options;
  options.fault = *kill;
  options.kill_self = [&] { killed = true; };
  apply_steps(plan, executor, journal, begun(3), options);
  CHECK(killed);
  // Step 2 ran before the kill; the journal does not call it done.
  CHECK(journal.text.find(R"({"event":"done","seconds":)") != std::string::npos);

  RecordingExecutor failing;
  MemoryJournal journal2;
  ApplyOptions fail;
  fail.fault = Fault{3, Fault::Kind::Fail};
  ApplyReport report = apply_steps(plan, failing, journal2, begun(3), fail);
  CHECK(report.failed_step == 3);
  CHECK(report.error.find("injected fault") != std::string::npos);
  CHECK(report.undone == std::vector<int>{3, 2, 1});
}

}  // namespace
}  // namespace clawform

namespace clawform {
namespace {

TEST_CASE("applier: an interrupt during a step fails it and rolls back - the rollback is not interrupted") {
  Plan plan = plan_of(4);
  RecordingExecutor executor;
  MemoryJournal journal(4);
  std::string signal;  // what ApplySignals would report
  int rollbacks = 0;
  ApplyOptions options;
  options.interrupted = [&] { return signal; };
  options.rollback_started = [&] { ++rollbacks; };
  options.progress = [&](const ProgressEvent& e) {
    if (e.kind == ProgressEvent::Kind::Start && e.step->index == 2) signal = "interrupted by SIGTERM";
  };
  ApplyReport report = apply_steps(plan, executor, journal, begun(4), options);
  CHECK(report.outcome == ApplyOutcome::RolledBack);
  CHECK(report.failed_step == 2);
  CHECK(report.error == "interrupted by SIGTERM (the step had run; it is undone with the others)");
  CHECK(report.undone == std::vector<int>{2, 1});
  CHECK(rollbacks == 1);
  CHECK(std::count(executor.calls.begin(), executor.calls.end(), "run 3") == 0);

  // A signal between two steps: the next one never starts.
  RecordingExecutor stopped;
  MemoryJournal journal2;
  signal = "interrupted by SIGINT";
  options.progress = {};
  ApplyReport before_first = apply_steps(plan, stopped, journal2, begun(4), options);
  CHECK(before_first.failed_step == 1);
  CHECK(before_first.error == "interrupted by SIGINT before this step started");
  CHECK(stopped.calls.empty());
}

}  // namespace
}  // namespace clawform
