#include "backends/orphans.h"

#include <signal.h>

#include <thread>

#include <fmt/format.h>

#include "backends/proc_stat.h"

namespace clawform {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Signals the group, or (its leader gone or the group id not usable) each
// member found.
void signal_group(const ChildProcess& child, const std::vector<long>& members, int signal) {
  if (::kill(static_cast<pid_t>(-child.pgid), signal) == 0) return;
  for (long pid : members) ::kill(static_cast<pid_t>(pid), signal);
}

bool gone_within(const ChildProcess& child, milliseconds wait) {
  const auto deadline = Clock::now() + wait;
  for (;;) {
    if (live_group_members(child).empty()) return true;
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
    std::vector<long> members = live_group_members(child);
    if (members.empty()) continue;
    const std::string what =
        fmt::format("{} (pid {}, process group {}) started by {} of step {}", record.program, child.pid, child.pgid,
                    record.phase == "finish" ? "the rollback's restarts" : "the " + record.phase, record.step);
    signal_group(child, members, SIGTERM);
    std::string how = "SIGTERM";
    if (!gone_within(child, grace)) {
      signal_group(child, live_group_members(child), SIGKILL);
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
