#pragma once
// A program run and what came of it: the values the Host interface
// (compiler/host.h) passes. backends/process_runner.h runs them for real.

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace clawform {

struct ProcessRequest {
  std::vector<std::string> argv;  // argv[0]: an absolute path, or a name looked up on env's PATH
  // The child's whole environment: nothing is inherited from clawform's own,
  // so an operator's secrets never leak into a child by accident.
  std::map<std::string, std::string> env;
  std::string cwd;  // empty: clawform's working directory
  std::chrono::milliseconds timeout{30'000};
  std::size_t max_output_bytes = 8 * 1024 * 1024;  // per stream; the rest is read and dropped
  std::string tag;  // the project, for log lines
};

struct ProcessResult {
  enum class Outcome { Exited, Signaled, TimedOut, FailedToStart };
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
  // "timed out after 5.0 s (process group killed)", "could not start: ...".
  std::string describe() const;
  // The last `lines` non-empty lines of stderr (for error messages).
  std::string err_tail(std::size_t lines = 5) const;
};

}  // namespace clawform
