#pragma once
// SIGINT, SIGTERM and SIGHUP (a dropped SSH session) while an apply or a
// recover runs. The first one, while steps run, stops the running child
// (the runner polls cancel_fd(): SIGTERM to the child's group, then
// SIGKILL) and makes the applier fail the step and roll back (exit 1 with
// the rollback report). Once the rollback has begun (shield()), and for
// every signal after the first, the signal is noted on stderr and ignored:
// a rollback is never abandoned half-way. One instance at a time.

#include <string>

namespace clawform {

class ApplySignals {
 public:
  // Installs the handlers (a self-pipe: the handler only writes a byte and
  // a note); the destructor puts the previous handlers back.
  ApplySignals();
  ~ApplySignals();
  ApplySignals(const ApplySignals&) = delete;
  ApplySignals& operator=(const ApplySignals&) = delete;

  // Readable once a signal stopped the apply; -1 after shield() (the
  // rollback's own children are not stopped by a signal).
  int cancel_fd() const;
  // "interrupted by SIGTERM", "" while no signal stopped the apply.
  std::string reason() const;
  // From now on signals are noted and ignored: the rollback runs.
  void shield();
};

}  // namespace clawform
