#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include <fmt/format.h>

#include "backends/orphans.h"
#include "backends/proc_stat.h"
#include "compiler/journal.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;

// A `sleep` in its own process group with a child of its own, as an
// orphaned openclaw would be; reaped by a thread so it does not linger as
// a zombie of the test.
struct Sleeper {
  ChildProcess process;
  std::thread reaper;
  Sleeper() {
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);
      ::execl("/bin/sh", "sh", "-c", "sleep 1000 & wait", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid, pid);
    process = {.pid = pid, .pgid = pid, .start_time = read_proc_stat(pid)->start_time, .mark = {}};
    reaper = std::thread([pid] { ::waitpid(pid, nullptr, 0); });
    std::this_thread::sleep_for(200ms);  // its own child started
  }
  ~Sleeper() {
    ::kill(-process.pgid, SIGKILL);
    reaper.join();
  }
};

JournalState::ChildRecord record_of(const ChildProcess& process, int step, const char* phase, bool lasting) {
  return {.step = step, .phase = phase, .process = process, .program = "openclaw", .lasting = lasting};
}

TEST_CASE("orphans: a child left running by the step in progress is stopped, with its group") {
  Sleeper orphan;
  JournalState state;
  state.steps[1].prepared = true;
  state.children.push_back(record_of(orphan.process, 1, "run", false));
  REQUIRE(live_group_members(orphan.process).size() == 2);
  Result<std::vector<std::string>> stopped = stop_orphans(state, 2s);
  REQUIRE(stopped);
  REQUIRE(stopped->size() == 1);
  CHECK(stopped->front() == fmt::format("stopped openclaw (pid {0}, process group {0}) started by the run of step 1, "
                                        "left running by the interrupted apply (SIGTERM)",
                                        orphan.process.pid));
  CHECK(live_group_members(orphan.process).empty());
}

TEST_CASE("orphans: a process with the pid but another start time is not touched") {
  Sleeper other;
  JournalState state;
  ChildProcess reused = other.process;
  reused.start_time -= 1;  // the recorded child started earlier: this is another process
  state.children.push_back(record_of(reused, 1, "run", false));
  Result<std::vector<std::string>> stopped = stop_orphans(state, 2s);
  REQUIRE(stopped);
  CHECK(stopped->empty());
  CHECK(still_running(other.process));
}

TEST_CASE("orphans: a gateway a finished step started is the apply's result, not an orphan") {
  Sleeper gateway;
  JournalState state;
  state.steps[3].prepared = true;
  state.steps[3].done = true;
  state.children.push_back(record_of(gateway.process, 3, "run", true));
  CHECK_FALSE(state.orphan_if_alive(state.children.front()));
  Result<std::vector<std::string>> stopped = stop_orphans(state, 2s);
  REQUIRE(stopped);
  CHECK(stopped->empty());
  CHECK(still_running(gateway.process));

  state.steps[3].done = false;  // the apply died while that step ran: it is
  CHECK(state.orphan_if_alive(state.children.front()));
  state.children.front().phase = "finish";
  CHECK(state.orphan_if_alive(state.children.front()));
  state.outcome = "rolled_back";
  CHECK_FALSE(state.orphan_if_alive(state.children.front()));
}

TEST_CASE("journal: child records are read back") {
  Result<JournalState> state = read_journal(
      "{\"event\":\"begin\",\"plan_sha256\":\"ab\",\"steps\":2}\n"
      "{\"event\":\"prepared\",\"step\":1,\"undo\":{}}\n"
      "{\"event\":\"child\",\"step\":1,\"phase\":\"run\",\"pid\":42,\"pgid\":42,\"start_time\":12345,"
      "\"program\":\"openclaw\",\"lasting\":false}\n");
  REQUIRE(state);
  REQUIRE(state->children.size() == 1);
  const JournalState::ChildRecord& child = state->children.front();
  CHECK(child.step == 1);
  CHECK(child.phase == "run");
  CHECK(child.process.pid == 42);
  CHECK(child.process.pgid == 42);
  CHECK(child.process.start_time == 12345);
  CHECK(child.program == "openclaw");
  CHECK_FALSE(child.lasting);
  CHECK(state->orphan_if_alive(child));
}

}  // namespace
}  // namespace clawform
