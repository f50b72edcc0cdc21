#include "compiler/applier.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <map>

#include <fmt/format.h>

namespace clawform {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Journals `record` and folds it into `state`; an error when the journal
// cannot be written (then nothing more may change).
class JournalWriter {
 public:
  JournalWriter(JournalSink& sink, JournalState& state) : sink_(sink), state_(state) {}

  Status write(const nlohmann::json& record) {
    if (Status appended = sink_.append(record); !appended) return appended;
    const std::string event = record.at("event");
    if (event == "end") state_.outcome = record.at("outcome").get<std::string>();
    else state_.fold_step_record(event, record);
    return Status::ok();
  }

  // For records written once the apply has already failed: a journal that
  // cannot take them has nothing better to say than the first failure.
  void write_after_failure(const nlohmann::json& record) { static_cast<void>(write(record)); }

 private:
  JournalSink& sink_;
  JournalState& state_;
};

void notify(const ApplyOptions& options, ProgressEvent::Kind kind, const Step* step, int total, double seconds = 0,
            std::string message = {}) {
  if (options.progress) options.progress({kind, step, total, seconds, std::move(message)});
}

}  // namespace

Result<Fault> parse_fault(const std::string& text) {
  std::size_t colon = text.find(':');
  Fault fault;
  std::string kind = colon == std::string::npos ? "" : text.substr(colon + 1);
  try {
    std::size_t used = 0;
    fault.step = std::stoi(text.substr(0, colon), &used);
    if (used != colon || fault.step < 1) throw std::invalid_argument("step");
  } catch (const std::exception&) {
    return Status::error(
        fmt::format("CLAWFORM_FAULT \"{}\": expected STEP:fail or STEP:kill with STEP a step number", text));
  }
  if (kind == "fail") fault.kind = Fault::Kind::Fail;
  else if (kind == "kill") fault.kind = Fault::Kind::Kill;
  else return Status::error(fmt::format("CLAWFORM_FAULT \"{}\": the fault must be \"fail\" or \"kill\"", text));
  return fault;
}

std::string_view apply_outcome_name(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::Applied: return "applied";
    case ApplyOutcome::RolledBack: return "rolled_back";
    case ApplyOutcome::Kept: return "kept";
    case ApplyOutcome::RollbackFailed: return "rollback_failed";
  }
  return "unknown";
}

ApplyReport apply_steps(const Plan& plan, StepExecutor& executor, JournalSink& journal, JournalState state,
                        const ApplyOptions& options) {
  JournalWriter writer(journal, state);
  const int total = static_cast<int>(plan.steps.size());
  ApplyReport report;
  auto fail = [&](int k, std::string error) {
    report.failed_step = k;
    report.error = std::move(error);
    writer.write_after_failure({{"event", "failed"}, {"step", k}, {"error", report.error}});
    if (!options.rollback_on_failure) {
      report.outcome = ApplyOutcome::Kept;
      if (options.write_end)
        writer.write_after_failure({{"event", "end"}, {"outcome", apply_outcome_name(report.outcome)}});
      return report;
    }
    return roll_back(plan, executor, journal, std::move(state), options, std::move(report));
  };

  for (const Step& step : plan.steps) {
    const int k = step.index;
    JournalState::StepRecord& record = state.steps[k];
    if (record.done) continue;
    if (std::string why = options.interrupted ? options.interrupted() : ""; !why.empty())
      return fail(k, why + " before this step started");
    auto started = Clock::now();
    notify(options, ProgressEvent::Kind::Start, &step, total);
    // A step prepared before a crash keeps the undo record of the state
    // before it first ran: saving again would capture its partial change.
    if (!record.prepared) {
      Result<nlohmann::json> saved = executor.save(step);
      if (!saved) {
        notify(options, ProgressEvent::Kind::Failed, &step, total, seconds_since(started), saved.message());
        return fail(k, "could not save what the step would change: " + saved.message());
      }
      if (Status written = writer.write({{"event", "prepared"}, {"step", k}, {"undo", std::move(*saved)}}); !written) {
        notify(options, ProgressEvent::Kind::Failed, &step, total, seconds_since(started), written.message());
        return fail(k, "could not write the journal: " + written.message());
      }
    }
    Result<std::string> ran = executor.run(step);
    if (options.fault && options.fault->step == k) {
      if (options.fault->kind == Fault::Kind::Kill) {
        if (options.kill_self) options.kill_self();
        else std::raise(SIGKILL);
      }
      if (ran) ran = Status::error("injected fault (CLAWFORM_FAULT, for tests only)");
    }
    if (std::string why = options.interrupted ? options.interrupted() : ""; !why.empty())
      ran = Status::error(ran ? why + " (the step had run; it is undone with the others)" : why + ": " + ran.message());
    const double took = seconds_since(started);
    if (!ran) {
      notify(options, ProgressEvent::Kind::Failed, &step, total, took, ran.message());
      return fail(k, ran.message());
    }
    if (Status written = writer.write({{"event", "done"}, {"step", k}, {"seconds", std::round(took * 10) / 10}});
        !written) {
      notify(options, ProgressEvent::Kind::Failed, &step, total, took, written.message());
      return fail(k, "could not write the journal: " + written.message());
    }
    notify(options, ProgressEvent::Kind::Done, &step, total, took, *ran);
  }
  if (!options.write_end) return report;
  if (Status written = writer.write({{"event", "end"}, {"outcome", "applied"}}); !written) {
    // Every step is done; only the record of it is missing. recover will
    // offer to roll back, which is safe.
    report.error = "every step is done, but the journal's end could not be written: " + written.message();
  }
  return report;
}

ApplyReport roll_back(const Plan& plan, StepExecutor& executor, JournalSink& journal, JournalState state,
                      const ApplyOptions& options, ApplyReport report) {
  if (options.rollback_started) options.rollback_started();
  JournalWriter writer(journal, state);
  const int total = static_cast<int>(plan.steps.size());
  std::map<int, const Step*> by_index;
  for (const Step& step : plan.steps) by_index[step.index] = &step;
  std::vector<int> pending;
  for (int k : state.to_undo())
    if (by_index.contains(k)) pending.push_back(k);
  for (std::size_t i = 0; i < pending.size(); ++i) {
    const int k = pending[i];
    const Step& step = *by_index.at(k);
    auto started = Clock::now();
    notify(options, ProgressEvent::Kind::UndoStart, &step, total);
    Status undone = executor.undo(step, state.steps[k].undo);
    std::string unverified;
    if (undone) {
      Result<std::string> checked = executor.verify_undone(step, state.steps[k].undo);
      if (checked) unverified = std::move(*checked);
      else undone = checked.status().prefixed("undone, but not as it was before the apply: ");
    }
    if (undone)
      undone = writer.write({{"event", "undone"}, {"step", k}})
                   .prefixed("undone, but the journal could not record it: ");
    if (!undone) {
      notify(options, ProgressEvent::Kind::UndoFailed, &step, total, seconds_since(started), undone.message());
      writer.write_after_failure({{"event", "undo_failed"}, {"step", k}, {"error", undone.message()}});
      report.outcome = ApplyOutcome::RollbackFailed;
      report.undo_failed_step = k;
      report.undo_error = undone.message();
      report.left_to_undo.assign(pending.begin() + static_cast<std::ptrdiff_t>(i), pending.end());
      if (options.write_end)
        writer.write_after_failure({{"event", "end"}, {"outcome", apply_outcome_name(report.outcome)}});
      return report;
    }
    report.undone.push_back(k);
    if (!unverified.empty()) report.unverified.emplace_back(k, std::move(unverified));
    notify(options, ProgressEvent::Kind::Undone, &step, total, seconds_since(started));
  }
  Result<std::string> restarted = executor.finish_rollback();
  if (restarted && !restarted->empty()) notify(options, ProgressEvent::Kind::Note, nullptr, total, 0, *restarted);
  if (!restarted) {
    notify(options, ProgressEvent::Kind::Note, nullptr, total, 0, restarted.message());
    report.outcome = ApplyOutcome::RollbackFailed;
    report.undo_error = restarted.message();
    if (options.write_end)
      writer.write_after_failure({{"event", "end"}, {"outcome", apply_outcome_name(report.outcome)}});
    return report;
  }
  report.outcome = ApplyOutcome::RolledBack;
  // Rolled back; a missing end record only makes recover offer the (done) rollback again.
  if (options.write_end)
    writer.write_after_failure({{"event", "end"}, {"outcome", apply_outcome_name(report.outcome)}});
  return report;
}

}  // namespace clawform
