#pragma once
// A program run and what came of it: the values the Host interface
// (compiler/host.h) passes. backends/process_runner.h runs them for real.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "compiler/status.h"

namespace clawform {

// A child clawform started, as the journal records it: enough to find it
// again after a crash and to tell it from a later process that got the
// same pid (the kernel's start time, /proc/PID/stat field 22, in clock
// ticks since boot; 0 where there is no /proc).
struct ChildProcess {
  long pid = 0;
  long pgid = 0;  // its own process group: pgid == pid
  unsigned long long start_time = 0;
  // The value of kCallMarkVariable in the child's environment, inherited by
  // everything it starts, even what leaves its process group (OpenClaw
  // spawns detached children): how those are found again. "": none.
  std::string mark{};
};

// The environment variable the process runner adds to every child.
inline constexpr const char* kCallMarkVariable = "CLAWFORM_CALL";

struct ProcessRequest {
  std::vector<std::string> argv;  // argv[0]: an absolute path, or a name looked up on env's PATH
  // The child's whole environment: nothing is inherited from clawform's own,
  // so an operator's secrets never leak into a child by accident. The runner
  // adds kCallMarkVariable (a random token, ChildProcess::mark).
  std::map<std::string, std::string> env;
  std::string cwd;  // empty: clawform's working directory
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_output_bytes = 8 * 1024 * 1024;  // per stream; the rest is read and dropped
  std::string tag;  // the project, for log lines
  // Called once the child exists (in its own process group) and before it
  // execs: it is held on a gate until this returns. An error stops it there
  // (it is killed, never having run) and the run fails to start with that
  // reason: a child whose record could not be written must not run.
  std::function<Status(const ChildProcess&)> on_started;
  // A file descriptor that becomes readable when the run must stop (an
  // apply's self-pipe for SIGINT/SIGTERM/SIGHUP, backends/apply_signals.h);
  // -1: none. Then the child's group gets SIGTERM, SIGKILL 2 s later, and
  // the outcome is Cancelled. Never read from, only polled.
  int cancel_fd = -1;
  // Bytes written to the child's stdin, which is then closed; empty: stdin
  // is /dev/null. How a secret reaches a program without touching the disk
  // (age encrypting a tar built in memory): never logged.
  std::string input{};
};

// How an apply watches the children it starts (backends/apply_session.cc
// fills it; the RealHost applies it to every run and gateway start).
struct ChildWatch {
  // Journals a child before it runs (ProcessRequest::on_started). `lasting`:
  // a gateway, meant to outlive the call. Null: children are not recorded.
  std::function<Status(const ChildProcess&, const std::string& program, bool lasting)> record;
  // The cancel_fd for a run starting now (-1: not cancellable). Null: -1.
  std::function<int()> cancel_fd;

  // Sets `request`'s on_started and cancel_fd from this watch, where the
  // request has none of its own.
  void watch(ProcessRequest& request, bool lasting = false) const;
  int cancel() const { return cancel_fd ? cancel_fd() : -1; }
};

struct ProcessResult {
  enum class Outcome { Exited, Signaled, TimedOut, Cancelled, FailedToStart };
  Outcome outcome = Outcome::FailedToStart;
  int exit_code = -1;  // Exited only
  int signal = 0;      // Signaled only
  std::string out;     // stdout, at most max_output_bytes
  std::string err;     // stderr, at most max_output_bytes
  bool out_truncated = false;
  bool err_truncated = false;
  std::chrono::milliseconds elapsed{0};
  std::chrono::milliseconds timeout{0};  // TimedOut only: the limit that fired
  std::string start_error;  // FailedToStart: why (e.g. "no such file")

  bool succeeded() const { return outcome == Outcome::Exited && exit_code == 0; }
  // One line for an operator: "exit 3", "killed by signal 9",
  // "timed out after 5.0 s (process group killed)", "stopped: clawform was
  // interrupted (process group killed)", "could not start: ...".
  std::string describe() const;
  // The last `lines` non-empty lines of stderr (for error messages).
  std::string err_tail(std::size_t lines = 5) const;
};

}  // namespace clawform
