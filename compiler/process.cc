#include "compiler/process.h"

#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

void ChildWatch::watch(ProcessRequest& request, bool lasting) const {
  if (record && !request.on_started && !request.argv.empty()) {
    std::string program = request.argv.front().substr(request.argv.front().rfind('/') + 1);
    request.on_started = [record = record, program = std::move(program), lasting](const ChildProcess& child) {
      return record(child, program, lasting);
    };
  }
  if (request.cancel_fd < 0) request.cancel_fd = cancel();
}

std::string ProcessResult::describe() const {
  switch (outcome) {
    case Outcome::Exited: return fmt::format("exit {}", exit_code);
    case Outcome::Signaled: return fmt::format("killed by signal {}", signal);
    case Outcome::TimedOut:
      return fmt::format("timed out after {:.1f} s (process group killed)", static_cast<double>(timeout.count()) / 1000.0);
    case Outcome::Cancelled: return "stopped: clawform was interrupted (process group killed)";
    case Outcome::FailedToStart: return "could not start: " + start_error;
  }
  return {};
}

std::string ProcessResult::err_tail(std::size_t lines) const {
  std::vector<std::string_view> kept;
  std::string_view rest = err;
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) kept.push_back(line);
  }
  if (kept.size() > lines) kept.erase(kept.begin(), kept.end() - static_cast<long>(lines));
  return fmt::format("{}", fmt::join(kept, "\n"));
}

}  // namespace clawform
