#include "backends/orphans.h"

#include <signal.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "backends/proc_stat.h"

namespace clawform {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What is left of `child`: its group's members, and whatever carries its
// call mark outside the group (OpenClaw's detached children).
std::vector<long> left_of(const ChildProcess& child) {
  std::vector<long> left = live_group_members(child);
  for (long pid : marked_processes(child.mark))
    if (std::find(left.begin(), left.end(), pid) == left.end()) left.push_back(pid);
  return left;
}

void signal_each(const std::vector<long>& pids, int signal) {
  for (long pid : pids) ::kill(static_cast<pid_t>(pid), signal);
}

bool gone_within(const ChildProcess& child, milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  for (;;) {
    if (left_of(child).empty()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(50));
  }
}

}  // namespace

Result<std::vector<std::string>> stop_orphans(const JournalState& state, milliseconds grace) {
  std::vector<std::string> stopped;
  for (const JournalState::ChildRecord& record : state.children) {
    if (!state.orphan_if_alive(record)) continue;
    const ChildProcess& child = record.process;
    if (child.start_time == 0) continue;  // recorded without /proc: cannot be told from a reused pid
    std::vector<long> left = left_of(child);
    if (left.empty()) continue;
    const std::string what =
        fmt::format("{} (pid {}, process group {}) started by {} of step {}", record.program, child.pid, child.pgid,
                    record.phase == "finish" ? "the rollback's restarts" : "the " + record.phase, record.step);
    signal_each(left, SIGTERM);
    std::string how = "SIGTERM";
    if (!gone_within(child, grace)) {
      signal_each(left_of(child), SIGKILL);
      how = "SIGKILL after SIGTERM";
      if (!gone_within(child, milliseconds(5'000)))
        return Status::error(fmt::format("{} left running by the interrupted apply survived SIGKILL; stop it, then "
                                         "run `clawform recover` again",
                                         what));
    }
    stopped.push_back(fmt::format("stopped {}, left running by the interrupted apply ({})", what, how));
  }
  return stopped;
}

}  // namespace clawform
