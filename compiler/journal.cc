#include "compiler/journal.h"

#include <fmt/format.h>

#include "compiler/json_integer.h"

namespace clawform {

std::vector<int> JournalState::to_undo() const {
  std::vector<int> out;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it)
    if (it->second.prepared && !it->second.undone) out.push_back(it->first);
  return out;
}

int JournalState::first_not_done() const {
  for (int k = 1; k <= total_steps; ++k) {
    auto it = steps.find(k);
    if (it == steps.end() || !it->second.done) return k;
  }
  return 0;
}

Result<JournalState> read_journal(std::string_view text) {
  JournalState state;
  std::size_t line_no = 0;
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    const bool last = eol == std::string_view::npos;
    std::string_view line = text.substr(0, eol);
    text = last ? std::string_view() : text.substr(eol + 1);
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object() || !record.contains("event")) {
      // Only the final, unterminated line can be a torn append.
      if (last) {
        state.torn_tail = true;
        break;
      }
      return Status::error(fmt::format("journal line {} is not a journal record", line_no));
    }
    try {
      const std::string event = record.at("event").get<std::string>();
      if (event == "begin") {
        state.plan_sha256 = record.at("plan_sha256").get<std::string>();
        state.total_steps = json_integer<int>(record.at("steps"));
        state.pid = record.contains("pid") ? json_integer<long>(record.at("pid")) : 0L;
        state.host = record.value("host", "");
        state.started = record.value("started", "");
        if (record.contains("ready_before"))
          state.ready_before = record.at("ready_before").get<std::map<std::string, std::vector<std::string>>>();
        continue;
      }
      if (event == "end") {
        state.outcome = record.at("outcome").get<std::string>();
        continue;
      }
      JournalState::StepRecord& step = state.steps[json_integer<int>(record.at("step"))];
      if (event == "prepared") {
        step.prepared = true;
        step.undo = record.at("undo");
      } else if (event == "done") {
        step.done = true;
      } else if (event == "failed" || event == "undo_failed") {
        step.error = record.value("error", "");
      } else if (event == "undone") {
        step.undone = true;
      } else {
        return Status::error(fmt::format("journal line {}: unknown event \"{}\"", line_no, event));
      }
    } catch (const nlohmann::json::exception& e) {
      return Status::error(fmt::format("journal line {}: {}", line_no, e.what()));
    }
  }
  return state;
}

}  // namespace clawform
