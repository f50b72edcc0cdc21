#include "backends/gateway_control.h"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <grp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/file_io.h"
#include "backends/gateway_probe.h"
#include "backends/openclaw_cli.h"
#include "backends/proc_stat.h"
#include "backends/process_runner.h"
#include "compiler/clawform_dir.h"
#include "compiler/log.h"
#include "compiler/service_file.h"
#include "compiler/service_file_fields.h"

namespace clawform {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string tag_of(const InstanceLayout& layout) {
  return layout.projects.empty() ? layout.instance : layout.projects.front().project;
}

// A /proc file's text ("" when unreadable): they report size 0, so they are
// read to their end rather than by size.
std::string read_proc(long pid, const char* name) {
  std::ifstream in(fmt::format("/proc/{}/{}", pid, name), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Whether `pid` is a live process (not a zombie); reaps it when it is our child.
bool alive(long pid) {
  if (pid <= 0) return false;
  int status = 0;
  if (::waitpid(static_cast<pid_t>(pid), &status, WNOHANG) == pid) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
  const std::string stat = read_proc(pid, "stat");
  std::size_t paren = stat.rfind(')');
  return !(paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z');
}

// Whether `pid` still runs openclaw (a pid file can outlive its process and
// the number be reused). Without /proc (macOS) the pid file is trusted.
bool is_openclaw(long pid) {
  if (!std::filesystem::exists("/proc/self")) return true;
  return read_proc(pid, "cmdline").find("openclaw") != std::string::npos;
}

// The last `lines` lines of the file at `path` ("" when unreadable).
std::string log_tail(const std::string& path, std::size_t lines) {
  Result<std::string> text = read_file(path);
  if (!text) return {};
  std::size_t begin = text->size();
  if (begin > 0 && (*text)[begin - 1] == '\n') --begin;
  while (lines-- > 0 && begin > 0) {
    std::size_t newline = text->rfind('\n', begin - 1);
    begin = newline == std::string::npos ? 0 : newline;
  }
  return text->substr(begin == 0 ? 0 : begin + 1);
}

class SandboxGateway : public GatewayControl {
 public:
  SandboxGateway(const InstanceLayout& layout, const HostPaths& paths, const GatewayControlOptions& options)
      : layout_(layout), paths_(paths), options_(options),
        log_path_(ClawformDir{paths.clawform_dir}.gateway_log(layout.instance)) {}

  bool running() override { return recorded_pid() != 0; }

  Status stop() override {
    const long pid = recorded_pid();
    if (pid) {
      log_line(LogLevel::Debug, tag_of(layout_), fmt::format("stopping gateway pid {}", pid));
      // The runner started it as a session leader: signal its whole group.
      if (::kill(static_cast<pid_t>(-pid), SIGTERM) != 0) ::kill(static_cast<pid_t>(pid), SIGTERM);
      if (!wait_for_exit(pid, options_.stop_timeout)) {
        ::kill(static_cast<pid_t>(-pid), SIGKILL);
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        if (!wait_for_exit(pid, milliseconds(5'000)))
          return Status::error(fmt::format("gateway pid {} did not exit after SIGTERM and SIGKILL", pid));
      }
      // Its workers (OpenClaw's spawn broker, SQLite workers) are in its
      // group and may hold its sockets a moment longer: stopped means all gone.
      if (!wait_for_group_exit(pid, milliseconds(5'000))) {
        ::kill(static_cast<pid_t>(-pid), SIGKILL);
        wait_for_group_exit(pid, milliseconds(5'000));
      }
    }
    if (::unlink(layout_.pid_file.c_str()) != 0 && errno != ENOENT)
      return Status::error(fmt::format("{}: unlink: {}", layout_.pid_file, std::strerror(errno)));
    return Status::ok();
  }

  // A gateway that exits during start-up because its own port was taken
  // is started once more when the port is free by then: OpenClaw 2026.9.x
  // can restart itself in-process at start-up (a config or migration
  // reload) and race its own listener (openclaw/openclaw#14587), where
  // launchd's KeepAlive or systemd's Restart= would start it again.
  Status start(int port) override {
    bool own_port_taken = false;
    Status started = start_once(port, own_port_taken);
    if (started || !own_port_taken) return started;
    log_line(LogLevel::Warn, tag_of(layout_),
             fmt::format("the gateway found its own port {} taken during start-up (EADDRINUSE); starting it once more",
                         port));
    return start_once(port, own_port_taken);
  }

 private:
  // One start; `own_port_taken`: the gateway exited during start-up saying
  // EADDRINUSE (in what it logged since this start).
  Status start_once(int port, bool& own_port_taken) {
    own_port_taken = false;
    if (Status stopped = stop(); !stopped) return stopped;
    // A port the gateway just stopped may take a moment to be let go.
    const auto released_by = Clock::now() + milliseconds(10'000);
    for (GatewayState g = probe_gateway(port); g.health.reachable || g.port_held_by_other; g = probe_gateway(port)) {
      if (Clock::now() >= released_by)
        return Status::error(fmt::format(
            "port {} is already taken by a process clawform did not start; stop it and apply again", port));
      std::this_thread::sleep_for(milliseconds(250));
    }
    if (Status made = make_dirs(ClawformDir{paths_.clawform_dir}.run(), 0700, 0700); !made) return made;
    int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) return Status::error(fmt::format("{}: open: {}", log_path_, std::strerror(errno)));
    const off_t log_start = ::lseek(log_fd, 0, SEEK_END);

    // The binary the service file names, as launchd or systemd would run it:
    // after a rollback that is the OpenClaw the instance ran before.
    InstanceLayout as_service = layout_;
    if (Result<std::string> text = read_file(layout_.service_file))
      if (std::string program = service_program(layout_.service_manager, *text); !program.empty())
        as_service.openclaw = program;
    OpenClawCli cli(options_.openclaw, as_service, paths_, options_.start_timeout);
    // The command line and environment the instance's service file names,
    // run as the instance's user (topology B on real users): the child
    // switches itself, so the pid recorded is the gateway's own.
    ProcessRequest request = cli.direct_request(gateway_run_args(port), options_.environment);
    const bool switch_user = cli.switches_user();
    const uid_t uid = switch_user ? static_cast<uid_t>(layout_.account->uid) : 0;
    const gid_t gid = switch_user ? static_cast<gid_t>(layout_.account->gid) : 0;
    std::vector<gid_t> groups(64);
    if (switch_user) {
      int count = static_cast<int>(groups.size());
      if (::getgrouplist(layout_.account->name.c_str(), gid, groups.data(), &count) < 0) {
        groups.resize(static_cast<std::size_t>(count));
        ::getgrouplist(layout_.account->name.c_str(), gid, groups.data(), &count);
      }
      groups.resize(static_cast<std::size_t>(count));
    }
    std::vector<std::string> env_strings;
    for (const auto& [name, value] : request.env) env_strings.push_back(name + "=" + value);
    std::vector<char*> argv, envp;
    for (std::string& a : request.argv) argv.push_back(a.data());
    for (std::string& e : env_strings) envp.push_back(e.data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);

    // A gate holds the child until it is recorded (options_.children): one
    // that could not be journaled never runs.
    int gate[2];
    if (::pipe2(gate, O_CLOEXEC) != 0) {
      ::close(log_fd);
      return Status::error(fmt::format("pipe: {}", std::strerror(errno)));
    }
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(log_fd);
      ::close(gate[0]);
      ::close(gate[1]);
      return Status::error(fmt::format("fork: {}", std::strerror(errno)));
    }
    if (pid == 0) {  // the child: async-signal-safe calls only
      ::setsid();
      ::close(gate[1]);
      char go = 0;
      if (::read(gate[0], &go, 1) != 1) ::_exit(127);
      int null_fd = ::open("/dev/null", O_RDONLY);
      ::dup2(null_fd, 0);
      ::dup2(log_fd, 1);
      ::dup2(log_fd, 2);
      if (switch_user && (::setgroups(groups.size(), groups.data()) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0))
        ::_exit(125);
      if (::chdir(request.cwd.c_str()) != 0) ::_exit(126);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(log_fd);
    ::close(gate[0]);
    if (options_.children.record) {
      std::optional<ProcStat> stat = read_proc_stat(pid);
      const ChildProcess child{.pid = pid, .pgid = pid, .start_time = stat ? stat->start_time : 0, .mark = {}};
      if (Status journaled = options_.children.record(child, "openclaw", /*lasting=*/true); !journaled) {
        ::close(gate[1]);
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        return journaled.prefixed("the gateway could not be recorded before it ran: ");
      }
    }
    const char go = 1;
    const bool released = ::write(gate[1], &go, 1) == 1;
    ::close(gate[1]);
    if (!released) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      return Status::error(fmt::format("gateway start: gate: {}", std::strerror(errno)));
    }
    if (Status recorded = write_file_atomic(layout_.pid_file, std::to_string(pid) + "\n", 0600); !recorded) {
      ::kill(-pid, SIGKILL);
      return recorded.prefixed("could not record the gateway's pid: ");
    }
    log_line(LogLevel::Debug, tag_of(layout_), fmt::format("started gateway pid {} on port {}", pid, port));
    bool exited = false;
    Status healthy = wait_for_health(pid, port, exited);
    if (exited) own_port_taken = logged_since(log_start).find("EADDRINUSE") != std::string::npos;
    return healthy;
  }

  // What the gateway's log holds after byte `offset` ("" when unreadable).
  std::string logged_since(off_t offset) const {
    std::ifstream in(log_path_, std::ios::binary);
    if (!in || offset < 0 || !in.seekg(offset)) return "";
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  long recorded_pid() {
    Result<std::string> text = read_file(layout_.pid_file, 64);
    if (!text) return 0;
    long pid = std::strtol(text->c_str(), nullptr, 10);
    return alive(pid) && is_openclaw(pid) ? pid : 0;
  }

  // Waits `wait` (less when a signal stops the apply); whether one did.
  bool interrupted(milliseconds wait) const {
    pollfd cancel{options_.children.cancel(), POLLIN, 0};
    if (cancel.fd < 0) {
      std::this_thread::sleep_for(wait);
      return false;
    }
    return ::poll(&cancel, 1, static_cast<int>(wait.count())) > 0;
  }

  // Whether every process of group `pgid` exited (zombies count as gone)
  // within `timeout`.
  static bool wait_for_group_exit(long pgid, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (::kill(static_cast<pid_t>(-pgid), 0) == 0) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return true;
  }

  static bool wait_for_exit(long pid, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (alive(pid)) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return true;
  }

  // `exited`: the gateway exited before it answered.
  Status wait_for_health(long pid, int port, bool& exited) {
    const auto deadline = Clock::now() + options_.start_timeout;
    GatewayProbeOptions probe{.timeout = milliseconds(1'000)};
    while (Clock::now() < deadline) {
      if (!alive(pid)) {
        exited = true;
        ::unlink(layout_.pid_file.c_str());
        return Status::error(fmt::format("the gateway exited during start-up; the end of {}:\n{}", log_path_,
                                               log_tail(log_path_, 5)));
      }
      if (probe_gateway(port, probe).health.reachable) return Status::ok();
      if (interrupted(milliseconds(250))) {
        // The apply was interrupted: this start is part of what it undoes.
        ::kill(static_cast<pid_t>(-pid), SIGKILL);
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        wait_for_exit(pid, milliseconds(5'000));
        ::unlink(layout_.pid_file.c_str());
        return Status::error("stopped while waiting for the gateway's health: clawform was interrupted");
      }
    }
    return Status::error(fmt::format("the gateway did not answer on port {} within {:.0f} s (see {})",
                                           port, options_.start_timeout.count() / 1000.0, log_path_));
  }

  InstanceLayout layout_;
  HostPaths paths_;
  GatewayControlOptions options_;
  std::string log_path_;
};

// launchd or systemd, through their own CLIs, found on clawform's PATH
// (a test puts recording stand-ins first there: tests/support/service-manager/).
// The command sequences are documented in docs/apply.md ("Gateways").
class ServiceManagerGateway : public GatewayControl {
 public:
  ServiceManagerGateway(const InstanceLayout& layout, const HostPaths& paths, const GatewayControlOptions& options)
      : layout_(layout), options_(options), as_user_(paths.root.empty() ? layout.os_user : "") {
    const char* path = std::getenv("PATH");
    tool_ = find_on_path(launchd() ? "launchctl" : "systemctl", path ? path : "");
  }

  // launchd: the job is loaded (KeepAlive keeps a loaded job running);
  // systemd: the unit is active.
  bool running() override {
    if (launchd()) return run({"print", target()}).succeeded();
    return run({"--user", "is-active", "--quiet", layout_.service_name}).succeeded();
  }

  Status start(int port) override {
    if (launchd()) {
      // launchd reads a plist only when it is bootstrapped: unload the old
      // definition first, then load the new one and (re)start its job.
      if (running())
        if (Status s = checked({"bootout", target()}); !s) return s;
      if (Status s = checked({"bootstrap", domain(), layout_.service_file}); !s) return s;
      if (Status s = checked({"kickstart", "-k", target()}); !s) return s;
    } else {
      if (Status s = checked({"--user", "daemon-reload"}); !s) return s;
      if (Status s = checked({"--user", "restart", layout_.service_name}); !s) return s;
    }
    const auto deadline = Clock::now() + options_.start_timeout;
    while (Clock::now() < deadline) {
      if (probe_gateway(port).health.reachable) return Status::ok();
      std::this_thread::sleep_for(milliseconds(250));
    }
    return Status::error(fmt::format("{} did not answer on port {} within {:.0f} s", layout_.service_name,
                                           port, options_.start_timeout.count() / 1000.0));
  }

  Status stop() override {
    if (!running()) return Status::ok();
    if (launchd()) return checked({"bootout", target()});
    return checked({"--user", "stop", layout_.service_name});
  }

 private:
  bool launchd() const { return layout_.service_manager == "launchd"; }

  // The uid whose launchd GUI domain or systemd user manager runs the
  // gateway: the instance's OS user (topology B on a real host), else
  // clawform's own.
  uid_t uid() const {
    if (as_user_.empty()) return ::getuid();
    const struct passwd* user = ::getpwnam(as_user_.c_str());
    return user ? user->pw_uid : static_cast<uid_t>(-1);
  }
  std::string domain() const { return fmt::format("gui/{}", uid()); }
  std::string target() const { return domain() + "/" + layout_.service_name; }

  // Runs the service manager's CLI with `args`: with HOME the instance's
  // home (where the user units and LaunchAgents are) and, for systemctl
  // --user, XDG_RUNTIME_DIR (where it finds the user manager's bus).
  ProcessResult run(const std::vector<std::string>& args) const {
    ProcessRequest request;
    if (tool_.empty()) {
      request.argv = {launchd() ? "launchctl" : "systemctl"};  // fails to start, naming it
    } else {
      if (!as_user_.empty()) request.argv = {"sudo", "-n", "-u", as_user_, "--"};
      if (!launchd() && !as_user_.empty())
        request.argv.insert(request.argv.end(), {"env", fmt::format("XDG_RUNTIME_DIR=/run/user/{}", uid())});
      request.argv.push_back(tool_);
    }
    request.argv.insert(request.argv.end(), args.begin(), args.end());
    request.env = {{"PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"},
                   {"LANG", "C.UTF-8"},
                   {"HOME", layout_.home}};
    if (!launchd()) request.env["XDG_RUNTIME_DIR"] = fmt::format("/run/user/{}", uid());
    request.timeout = milliseconds(60'000);
    request.tag = tag_of(layout_);
    options_.children.watch(request);
    return run_process(request);
  }

  Status checked(const std::vector<std::string>& args) const {
    ProcessResult result = run(args);
    if (result.succeeded()) return Status::ok();
    std::vector<std::string> shown = {launchd() ? "launchctl" : "systemctl"};
    shown.insert(shown.end(), args.begin(), args.end());
    std::string why = tool_.empty() ? fmt::format("{} is not on PATH", shown.front()) : describe_failure(result);
    return Status::error(fmt::format("`{}`: {}", format_argv(shown), why));
  }

  InstanceLayout layout_;
  GatewayControlOptions options_;
  std::string as_user_;  // topology B on a real host: the OS user it runs as (through sudo)
  std::string tool_;     // the absolute path of launchctl or systemctl; "" when not on PATH
};

}  // namespace

std::unique_ptr<GatewayControl> make_gateway_control(const InstanceLayout& layout, const HostPaths& paths,
                                                     const GatewayControlOptions& options) {
  if (paths.root.empty() || options.service_manager)
    return std::make_unique<ServiceManagerGateway>(layout, paths, options);
  return std::make_unique<SandboxGateway>(layout, paths, options);
}

}  // namespace clawform
