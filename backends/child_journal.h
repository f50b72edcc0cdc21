#pragma once
// Journals every child an apply (or recover) starts before it runs: the
// "child" record of compiler/journal.h, with the step and phase at hand.
// Its watch() goes into the RealHost's GatewayControlOptions::children.

#include <mutex>
#include <string>

#include "compiler/journal.h"
#include "compiler/process.h"

namespace clawform {

class ChildJournal {
 public:
  explicit ChildJournal(JournalSink& sink) : sink_(sink) {}

  // The step and phase ("run", "undo", "finish") children started from
  // now on belong to.
  void enter(int step, std::string phase);
  // Appends the child's record (durable when it returns ok).
  Status record(const ChildProcess& child, const std::string& program, bool lasting);
  // A watch that records through this journal; `cancel_fd` as ChildWatch's.
  ChildWatch watch(std::function<int()> cancel_fd);

 private:
  JournalSink& sink_;
  std::mutex mutex_;
  int step_ = 0;
  std::string phase_ = "run";
};

}  // namespace clawform
