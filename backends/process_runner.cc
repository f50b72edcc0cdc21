#include "backends/process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "backends/proc_stat.h"
#include "compiler/log.h"

namespace clawform {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// How long to keep reading after the child exited, for output a grandchild
// still holds the pipes for; then the group is killed and reading stops.
constexpr auto kExitGrace = 200ms;
// How often the child's exit is checked while its pipes stay quiet.
constexpr auto kPollInterval = 10ms;
// After SIGTERM on cancel: how long the group has before SIGKILL.
constexpr auto kCancelGrace = 2s;

ProcessResult failed_to_start(std::string why) {
  ProcessResult r;
  r.outcome = ProcessResult::Outcome::FailedToStart;
  r.start_error = std::move(why);
  return r;
}

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read.reset(fds[0]);
    write.reset(fds[1]);
    return true;
  }
};

// One captured stream: read as it comes, keeping at most `limit` bytes.
struct Capture {
  int fd;  // owned by the caller's Pipe
  bool open = true;
  std::string& text;
  bool& truncated;
  std::size_t limit;

  // Reads what is there; false at EOF or on an error (the stream is done).
  bool drain() {
    std::array<char, 65536> buffer;
    for (;;) {
      ssize_t n = ::read(fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (n <= 0) return false;
      const std::size_t got = static_cast<std::size_t>(n);
      const std::size_t room = text.size() < limit ? limit - text.size() : 0;
      text.append(buffer.data(), std::min(got, room));
      if (got > room) truncated = true;
    }
  }
};

// The child's stdin, fed from the poll loop as the pipe takes it, then
// closed. A child that exits (or closes stdin) early ends the feed: the
// EPIPE's SIGPIPE is blocked in this thread and taken back, never delivered.
struct StdinFeed {
  Fd& pipe;
  const std::string& bytes;
  std::size_t written = 0;

  void write() {
    sigset_t pipe_signal, previous;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
    while (written < bytes.size()) {
      ssize_t n = ::write(pipe.get(), bytes.data() + written, bytes.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      if (n < 0) {  // EPIPE: the child does not read any more
        const timespec zero{};
        ::sigtimedwait(&pipe_signal, nullptr, &zero);
        written = bytes.size();
        break;
      }
      written += static_cast<std::size_t>(n);
    }
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (written >= bytes.size()) pipe.reset();
  }
};

// The child's side between fork() and execve(): async-signal-safe calls
// only (the parent may have other threads). Errors go back as an errno on
// `status_fd` (close-on-exec, so a successful exec closes it unwritten).
[[noreturn]] void exec_child(const char* executable, char* const* argv, char* const* envp, const char* cwd,
                             int in_fd, int out_fd, int err_fd, int gate_fd, int status_fd) {
  ::setpgid(0, 0);
  // Handlers do not survive execve, but the mask and ignored signals do.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  auto fail = [status_fd](int error) {
    while (::write(status_fd, &error, sizeof error) < 0 && errno == EINTR) {
    }
    ::_exit(127);
  };
  // Held until the parent has recorded this child; EOF without the byte:
  // the parent died or refused, and the program never runs.
  char go = 0;
  ssize_t got;
  while ((got = ::read(gate_fd, &go, 1)) < 0 && errno == EINTR) {
  }
  if (got != 1) ::_exit(127);
  int null_fd = in_fd >= 0 ? in_fd : ::open("/dev/null", O_RDONLY);
  if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) fail(errno);
  if (cwd[0] != '\0' && ::chdir(cwd) != 0) fail(errno);
  ::execve(executable, argv, envp);
  fail(errno);
  ::_exit(127);
}

}  // namespace

std::string new_call_mark() {
  unsigned char bytes[8] = {};
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    const auto now = static_cast<unsigned long long>(Clock::now().time_since_epoch().count());
    for (std::size_t i = 0; i < sizeof bytes; ++i) bytes[i] = static_cast<unsigned char>(now >> (8 * i));
  }
  std::string mark;
  for (unsigned char b : bytes) mark += fmt::format("{:02x}", b);
  return mark;
}

namespace {

// SIGKILLs every live process carrying the call's mark (what the child
// started outside its group: OpenClaw spawns detached children) until none
// is left, for at most two seconds.
void kill_marked(const std::string& mark) {
  const auto deadline = Clock::now() + 2s;
  for (;;) {
    const std::vector<long> marked = marked_processes(mark);
    if (marked.empty() || Clock::now() >= deadline) return;
    for (long pid : marked) ::kill(static_cast<pid_t>(pid), SIGKILL);
    std::this_thread::sleep_for(20ms);
  }
}

// Waits for `pid` without blocking; true once it was reaped (status set).
bool reaped(pid_t pid, int& status) {
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno == EINTR) continue;
    return false;
  }
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

  // Everything the child needs is built before fork(): it may not allocate.
  std::vector<std::string> args = request.argv;
  const auto given = request.env.find(kCallMarkVariable);
  const std::string mark = given != request.env.end() && !given->second.empty() ? given->second : new_call_mark();
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : request.env)
    if (key != kCallMarkVariable) env_strings.push_back(key + "=" + value);
  env_strings.push_back(std::string(kCallMarkVariable) + "=" + mark);
  std::vector<char*> argv, envp;
  for (std::string& a : args) argv.push_back(a.data());
  for (std::string& e : env_strings) envp.push_back(e.data());
  argv.push_back(nullptr);
  envp.push_back(nullptr);

  Pipe out, err, gate, status, in;
  if (!out.open() || !err.open() || !gate.open() || !status.open() || (!request.input.empty() && !in.open()))
    return failed_to_start(fmt::format("pipe: {}", std::strerror(errno)));

  const pid_t pid = ::fork();
  if (pid < 0) return failed_to_start(fmt::format("fork: {}", std::strerror(errno)));
  if (pid == 0)
    exec_child(executable.c_str(), argv.data(), envp.data(), request.cwd.c_str(), in.read.get(), out.write.get(),
               err.write.get(), gate.read.get(), status.write.get());
  // Both sides set the group, so it is the child's own whichever runs first.
  ::setpgid(pid, pid);
  const pid_t group = pid;
  out.write.reset();
  err.write.reset();
  gate.read.reset();
  status.write.reset();
  in.read.reset();

  int wait_status = 0;
  auto abandon = [&](std::string why) {
    ::kill(-group, SIGKILL);
    ::kill(pid, SIGKILL);  // held at the gate: it never ran, so nothing carries its mark
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    return failed_to_start(std::move(why));
  };
  if (request.on_started) {
    ChildProcess child{.pid = pid, .pgid = group, .start_time = 0, .mark = mark};
    if (std::optional<ProcStat> stat = read_proc_stat(pid)) child.start_time = stat->start_time;
    if (Status recorded = request.on_started(child); !recorded)
      return abandon("the child could not be recorded: " + recorded.message());
  }
  const char go = 1;
  if (::write(gate.write.get(), &go, 1) != 1) return abandon(fmt::format("gate: {}", std::strerror(errno)));
  gate.write.reset();
  // The status pipe closes on a successful exec; an errno comes first otherwise.
  int exec_error = 0;
  ssize_t got;
  while ((got = ::read(status.read.get(), &exec_error, sizeof exec_error)) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof exec_error)) {
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    return failed_to_start(fmt::format("{}: {}", executable, std::strerror(exec_error)));
  }

  ProcessResult result;
  Capture captures[2] = {{out.read.get(), true, result.out, result.out_truncated, request.max_output_bytes},
                         {err.read.get(), true, result.err, result.err_truncated, request.max_output_bytes}};
  for (const Capture& c : captures) ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
  StdinFeed feed{in.write, request.input};
  if (feed.pipe.get() >= 0) ::fcntl(feed.pipe.get(), F_SETFL, ::fcntl(feed.pipe.get(), F_GETFL) | O_NONBLOCK);

  const auto deadline = Clock::now() + request.timeout;
  std::optional<Clock::time_point> exited_at, cancelled_at;
  bool timed_out = false, cancelled = false;
  for (;;) {
    if (!exited_at && reaped(pid, wait_status)) exited_at = Clock::now();
    if (exited_at && !captures[0].open && !captures[1].open) break;
    const auto now = Clock::now();
    if (exited_at && now - *exited_at >= kExitGrace) break;  // a grandchild holds the pipes
    if (!exited_at && !timed_out && !cancelled && now >= deadline) {
      timed_out = true;
      ::kill(-group, SIGKILL);
    }
    if (cancelled && !exited_at && now - *cancelled_at >= kCancelGrace) ::kill(-group, SIGKILL);

    std::array<pollfd, 4> fds{};
    nfds_t count = 0;
    if (feed.pipe.get() >= 0 && !exited_at) fds[count++] = {feed.pipe.get(), POLLOUT, 0};
    for (const Capture& c : captures)
      if (c.open) fds[count++] = {c.fd, POLLIN, 0};
    const bool watch_cancel = request.cancel_fd >= 0 && !cancelled && !exited_at;
    if (watch_cancel) fds[count++] = {request.cancel_fd, POLLIN, 0};
    int ready = ::poll(fds.data(), count, static_cast<int>(kPollInterval.count()));
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t i = 0; ready > 0 && i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == feed.pipe.get()) {
        feed.write();
        continue;
      }
      if (watch_cancel && i == count - 1) {
        cancelled = true;
        cancelled_at = Clock::now();
        ::kill(-group, SIGTERM);
        continue;
      }
      for (Capture& c : captures)
        if (c.open && c.fd == fds[i].fd) c.open = c.drain();
    }
  }
  ::kill(-group, SIGKILL);  // nothing of the group outlives the call
  if (!exited_at)
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
  kill_marked(mark);  // nor anything it started elsewhere

  if (timed_out) {
    result.outcome = ProcessResult::Outcome::TimedOut;
  } else if (cancelled) {
    result.outcome = ProcessResult::Outcome::Cancelled;
  } else if (WIFSIGNALED(wait_status)) {
    result.outcome = ProcessResult::Outcome::Signaled;
    result.signal = WTERMSIG(wait_status);
  } else {
    result.outcome = ProcessResult::Outcome::Exited;
    result.exit_code = WEXITSTATUS(wait_status);
  }
  return result;
}

}  // namespace

ProcessResult run_process(const ProcessRequest& request) {
  auto started = Clock::now();
  ProcessResult result;
  try {
    result = run(request);
  } catch (const std::exception& e) {
    result = failed_to_start(e.what());
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
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
