#include "backends/child_journal.h"

namespace clawform {

void ChildJournal::enter(int step, std::string phase) {
  std::lock_guard<std::mutex> lock(mutex_);
  step_ = step;
  phase_ = std::move(phase);
}

Status ChildJournal::record(const ChildProcess& child, const std::string& program, bool lasting) {
  std::lock_guard<std::mutex> lock(mutex_);
  nlohmann::json record = {{"event", "child"},   {"step", step_},         {"phase", phase_},
                           {"pid", child.pid},   {"pgid", child.pgid},    {"start_time", child.start_time},
                           {"program", program}, {"lasting", lasting}};
  if (!child.mark.empty()) record["mark"] = child.mark;
  return sink_.append(record);
}

ChildWatch ChildJournal::watch(std::function<int()> cancel_fd) {
  ChildWatch w;
  w.record = [this](const ChildProcess& child, const std::string& program, bool lasting) {
    return record(child, program, lasting);
  };
  w.cancel_fd = std::move(cancel_fd);
  return w;
}

}  // namespace clawform
