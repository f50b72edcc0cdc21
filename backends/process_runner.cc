#include "backends/process_runner.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <functional>
#include <system_error>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <fmt/format.h>

#include "compiler/log.h"

namespace clawform {

namespace bp = boost::process;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// How long to keep reading after the child exited, for output a grandchild
// still holds the pipes for; then the group is killed and reading stops.
constexpr auto kExitGrace = 200ms;
constexpr auto kPollInterval = 10ms;

// One captured stream: reads until EOF, keeping at most `limit` bytes.
struct Capture {
  bp::async_pipe pipe;
  std::string& text;
  bool& truncated;
  std::size_t limit;
  std::array<char, 65536> buffer{};
  bool open = true;

  Capture(asio::io_context& io, std::string& t, bool& tr, std::size_t l) : pipe(io), text(t), truncated(tr), limit(l) {}

  void start(const std::function<void()>& on_close) {
    pipe.async_read_some(asio::buffer(buffer), [this, on_close](const boost::system::error_code& ec, std::size_t n) {
      std::size_t room = text.size() < limit ? limit - text.size() : 0;
      text.append(buffer.data(), std::min(n, room));
      if (n > room) truncated = true;
      if (ec) {
        open = false;
        on_close();
        return;
      }
      start(on_close);
    });
  }
};

ProcessResult failed_to_start(std::string why) {
  ProcessResult r;
  r.outcome = ProcessResult::Outcome::FailedToStart;
  r.start_error = std::move(why);
  return r;
}

ProcessResult run(const ProcessRequest& request) {
  if (request.argv.empty()) return failed_to_start("empty command");
  auto path = request.env.find("PATH");
  std::string executable = find_on_path(request.argv[0], path == request.env.end() ? "" : path->second);
  if (executable.empty()) return failed_to_start(request.argv[0] + ": not found on PATH");
  std::error_code fs_error;
  if (!std::filesystem::is_regular_file(executable, fs_error)) return failed_to_start(executable + ": no such file");
  if (::access(executable.c_str(), X_OK) != 0) return failed_to_start(executable + ": not executable");
  if (!request.cwd.empty() && !std::filesystem::is_directory(request.cwd, fs_error))
    return failed_to_start("working directory " + request.cwd + " does not exist");

  ProcessResult result;
  asio::io_context io;
  Capture out(io, result.out, result.out_truncated, request.max_output_bytes);
  Capture err(io, result.err, result.err_truncated, request.max_output_bytes);
  bp::environment env;
  for (const auto& [key, value] : request.env) env[key] = value;
  std::vector<std::string> args(request.argv.begin() + 1, request.argv.end());

  std::error_code launch_error;
  bp::child child(bp::exe = executable, bp::args = args, env, bp::std_in < bp::null, bp::std_out > out.pipe,
                  bp::std_err > err.pipe,
                  bp::start_dir = request.cwd.empty() ? std::filesystem::current_path().string() : request.cwd,
                  bp::extend::on_exec_setup = [](auto&) { ::setpgid(0, 0); }, launch_error);
  if (launch_error) return failed_to_start(launch_error.message());
  const pid_t group = child.id();

  bool exited = false, timed_out = false;
  auto maybe_done = [&] {
    if (exited && !out.open && !err.open) io.stop();
  };
  out.start(maybe_done);
  err.start(maybe_done);

  asio::steady_timer deadline(io, request.timeout);
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (ec || exited) return;
    timed_out = true;
    ::kill(-group, SIGKILL);
  });

  asio::steady_timer poll(io);
  asio::steady_timer grace(io);
  std::function<void()> watch = [&] {
    poll.expires_after(kPollInterval);
    poll.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      std::error_code running_error;
      if (child.running(running_error)) {
        watch();
        return;
      }
      exited = true;
      deadline.cancel();
      maybe_done();
      grace.expires_after(kExitGrace);
      grace.async_wait([&](const boost::system::error_code& grace_ec) {
        if (grace_ec) return;
        ::kill(-group, SIGKILL);  // whatever of the group still holds the pipes
        boost::system::error_code ignored;
        out.pipe.close(ignored);
        err.pipe.close(ignored);
        io.stop();
      });
    });
  };
  watch();
  io.run();
  ::kill(-group, SIGKILL);  // nothing of the group outlives the call

  int status = child.native_exit_code();
  if (timed_out) {
    result.outcome = ProcessResult::Outcome::TimedOut;
  } else if (WIFSIGNALED(status)) {
    result.outcome = ProcessResult::Outcome::Signaled;
    result.signal = WTERMSIG(status);
  } else {
    result.outcome = ProcessResult::Outcome::Exited;
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace

ProcessResult run_process(const ProcessRequest& request) {
  auto started = std::chrono::steady_clock::now();
  ProcessResult result;
  try {
    result = run(request);
  } catch (const std::exception& e) {
    result = failed_to_start(e.what());
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (result.outcome == ProcessResult::Outcome::TimedOut) result.timeout = request.timeout;
  if (log_enabled(LogLevel::Debug))
    log_line(LogLevel::Debug, request.tag,
             fmt::format("ran `{}`: {} ({:.1f} s)", format_argv(request.argv), result.describe(),
                         static_cast<double>(result.elapsed.count()) / 1000.0));
  return result;
}

std::string find_on_path(const std::string& name, std::string_view path) {
  if (name.find('/') != std::string::npos) return name;
  while (!path.empty()) {
    std::size_t colon = path.find(':');
    std::string dir(path.substr(0, colon));
    path = colon == std::string_view::npos ? std::string_view() : path.substr(colon + 1);
    if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return dir + "/" + name;
  }
  return {};
}

std::string format_argv(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& arg : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    out += plain ? arg : "'" + arg + "'";
  }
  return out;
}

}  // namespace clawform
