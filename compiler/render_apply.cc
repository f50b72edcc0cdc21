#include "compiler/render_apply.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace clawform {

namespace {

// "create 2026.9.5", "restart port 18789": the action and what it sets.
std::string step_summary(const Step& step) {
  std::string out(action_name(step.action));
  if (step.kind == StepKind::OpenClaw && step.after.is_object() && step.after.contains("version")) {
    if (step.before.is_object() && step.before.contains("version"))
      out += " " + step.before.at("version").get<std::string>() + " ->";
    out += " " + step.after.at("version").get<std::string>();
  } else if (step.kind == StepKind::Plugin && step.after.is_object() && step.after.contains("version"))
    out += " " + step.after.at("version").get<std::string>();
  else if (step.kind == StepKind::Gateway && step.after.is_object() && step.after.contains("port"))
    out += fmt::format(" port {}", step.after.at("port").dump());
  else if (step.kind == StepKind::Config && step.after.is_object())
    out += fmt::format(" {} value{}", step.after.size(), step.after.size() == 1 ? "" : "s");
  return out;
}

std::string head(const ProgressEvent& e, std::string_view verb = "") {
  return fmt::format("[{}/{}] {}{} {} ... ", e.step->index, e.total, verb, e.step->address, step_summary(*e.step));
}

}  // namespace

std::string render_progress_text(const ProgressEvent& e) {
  using Kind = ProgressEvent::Kind;
  // Several instances at once: the head goes with the result, in one write.
  const std::string lead = e.whole_line && e.step ? head(e, e.kind == Kind::Undone || e.kind == Kind::UndoFailed
                                                                 ? "undo "
                                                                 : "")
                                                  : "";
  switch (e.kind) {
    case Kind::Start: return e.whole_line ? "" : head(e);
    case Kind::UndoStart: return e.whole_line ? "" : head(e, "undo ");
    case Kind::Done:
      // A step's note (a health check: which endpoints decided) on a line of its own.
      return e.message.empty() ? fmt::format("{}ok ({:.1f} s)\n", lead, e.seconds)
                               : fmt::format("{}ok ({:.1f} s)\n      {}\n", lead, e.seconds, e.message);
    case Kind::Undone: return fmt::format("{}ok ({:.1f} s)\n", lead, e.seconds);
    case Kind::Failed:
    case Kind::UndoFailed: return fmt::format("{}FAILED ({:.1f} s)\n      {}\n", lead, e.seconds, e.message);
    case Kind::Note: return e.message + "\n";
  }
  return {};
}

std::string render_progress_json(const ProgressEvent& e) {
  using Kind = ProgressEvent::Kind;
  if (e.kind == Kind::Start || e.kind == Kind::UndoStart) return {};
  if (e.kind == Kind::Note) return nlohmann::json{{"event", "note"}, {"message", e.message}}.dump() + "\n";
  const bool undo = e.kind == Kind::Undone || e.kind == Kind::UndoFailed;
  const bool ok = e.kind == Kind::Done || e.kind == Kind::Undone;
  nlohmann::json line = {{"event", undo ? "undo" : "step"},
                         {"step", e.step->index},
                         {"total", e.total},
                         {"project", e.step->project},
                         {"address", e.step->address},
                         {"action", action_name(e.step->action)},
                         {"status", ok ? "ok" : "failed"},
                         {"seconds", std::round(e.seconds * 10) / 10}};
  if (!ok) line["error"] = e.message;
  else if (e.kind == Kind::Done && !e.message.empty()) line["note"] = e.message;
  return line.dump() + "\n";
}

std::string render_apply_report(const Plan& plan, const ApplyReport& report, const std::string& journal_dir,
                                bool recovering) {
  auto address = [&](int k) {
    return k >= 1 && k <= static_cast<int>(plan.steps.size()) ? plan.steps[static_cast<std::size_t>(k - 1)].address
                                                               : std::string("?");
  };
  // Instances applied at once: some may have applied while another rolled back.
  const bool some_applied = std::any_of(report.instances.begin(), report.instances.end(),
                                        [](const auto& i) { return i.second == ApplyOutcome::Applied; });
  std::string out;
  if (report.failed_step)
    out += fmt::format("error: step {} ({}) failed: {}\n", report.failed_step, address(report.failed_step),
                       report.error);
  switch (report.outcome) {
    case ApplyOutcome::Applied:
      if (!report.error.empty()) out += "warning: " + report.error + "\n";
      out += recovering ? "Recovered: the interrupted apply was finished.\n"
                        : fmt::format("Apply complete: {} step{} done.\n", plan.steps.size(),
                                      plan.steps.size() == 1 ? "" : "s");
      break;
    case ApplyOutcome::RolledBack:
      if (report.undone.empty()) {
        out += "Nothing had changed; nothing to undo.\n";
        break;
      }
      out += fmt::format("Rolled back: undid step{} {}", report.undone.size() == 1 ? "" : "s",
                         fmt::join(report.undone, ", "));
      // Said only when every undo was compared with its record.
      if (report.unverified.empty()) {
        out += some_applied ? ". The instances rolled back are as they were before the apply: each undo was "
                              "checked against its record.\n"
                            : ". The host is as it was before the apply: each undo was checked against its record.\n";
        break;
      }
      out += ". Not every undo could be checked against its record; check these by hand:\n";
      for (const auto& [k, why] : report.unverified) out += fmt::format("  [{}] {}: {}\n", k, address(k), why);
      break;
    case ApplyOutcome::Kept:
      out += fmt::format(
          "--no-rollback: the changes of the steps done so far are kept. The journal is in {}.\n"
          "Run `clawform recover` to roll them back, or `clawform recover --resume` to finish the apply.\n",
          journal_dir);
      break;
    case ApplyOutcome::RollbackFailed:
      if (report.undo_failed_step)
        out += fmt::format("error: undoing step {} ({}) failed: {}\n", report.undo_failed_step,
                           address(report.undo_failed_step), report.undo_error);
      else
        out += fmt::format("error: {}\n", report.undo_error);
      out += "The rollback stopped. A human must finish it, last step first:\n";
      for (int k : report.left_to_undo)
        out += fmt::format("  [{}] {}: {}\n", k, address(k), plan.steps[static_cast<std::size_t>(k - 1)].undo);
      out += fmt::format(
          "The journal and the saved copies it names are in {}. Once the cause is mended, run `clawform recover` "
          "to retry the rollback.\n",
          journal_dir);
      break;
  }
  if (report.outcome != ApplyOutcome::Applied && !report.instances.empty()) {
    std::vector<std::string> each;
    for (const auto& [instance, outcome] : report.instances) {
      std::string name(apply_outcome_name(outcome));
      std::replace(name.begin(), name.end(), '_', ' ');
      each.push_back(fmt::format("{} {}", instance.empty() ? "(no instance)" : instance, name));
    }
    out += fmt::format("By instance: {}.\n", fmt::join(each, ", "));
    if (some_applied) out += "The instances applied keep their changes: a re-plan shows what is left.\n";
  }
  return out;
}

}  // namespace clawform
