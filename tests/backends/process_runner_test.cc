#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "backends/process_runner.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;

ProcessRequest shell(const std::string& script, std::map<std::string, std::string> env = {{"PATH", "/usr/bin:/bin"}}) {
  ProcessRequest r;
  r.argv = {"/bin/sh", "-c", script};
  r.env = std::move(env);
  r.timeout = 10s;
  return r;
}

// True while `pid` runs: a killed process may linger as a zombie until its
// new parent (init) reaps it, which is not running.
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_text, command, state;
  if (!(stat >> pid_text >> command >> state)) return false;
  return state != "Z" && state != "X";
}

TEST_CASE("process runner: exit code - stdout and stderr apart") {
  ProcessResult r = run_process(shell("echo out; echo err >&2; echo more err >&2; exit 3"));
  CHECK(r.outcome == ProcessResult::Outcome::Exited);
  CHECK(r.exit_code == 3);
  CHECK(r.out == "out\n");
  CHECK(r.err == "err\nmore err\n");
  CHECK(r.describe() == "exit 3");
  CHECK(r.err_tail(1) == "more err");
  CHECK_FALSE(r.succeeded());
  CHECK(run_process(shell("true")).succeeded());
}

TEST_CASE("process runner: stdin is the given input, else /dev/null") {
  ProcessRequest r = shell("wc -c; cat > /dev/null");
  r.input = std::string(1 << 20, 'x');  // more than a pipe holds: fed as the child reads
  ProcessResult fed = run_process(r);
  CHECK(fed.succeeded());
  CHECK(fed.out == "1048576\n");
  CHECK(run_process(shell("wc -c")).out == "0\n");
  // A child that exits without reading: the call ends, and clawform is not
  // killed by SIGPIPE.
  ProcessRequest early = shell("exit 4");
  early.input = std::string(1 << 20, 'y');
  CHECK(run_process(early).exit_code == 4);
}

TEST_CASE("process runner: the child's environment is exactly the one given") {
  ProcessRequest r;
  r.argv = {"env"};
  r.env = {{"PATH", "/usr/bin:/bin"}, {"ONLY", "this"}};
  std::string mark;
  r.on_started = [&](const ChildProcess& child) {
    mark = child.mark;
    return Status::ok();
  };
  ProcessResult result = run_process(r);
  CHECK(result.succeeded());
  // Plus the call's mark, a fresh random token each call, as recorded.
  REQUIRE(mark.size() == 16);
  CHECK(result.out == "ONLY=this\nPATH=/usr/bin:/bin\nCLAWFORM_CALL=" + mark + "\n");
  std::string second;
  r.on_started = [&](const ChildProcess& child) {
    second = child.mark;
    return Status::ok();
  };
  CHECK(run_process(r).succeeded());
  CHECK(second != mark);
  // A mark the caller chose (one it passes through sudo itself) is used as it is.
  r.env[kCallMarkVariable] = "0123456789abcdef";
  ProcessResult chosen = run_process(r);
  CHECK(second == "0123456789abcdef");
  CHECK(chosen.out == "ONLY=this\nPATH=/usr/bin:/bin\nCLAWFORM_CALL=0123456789abcdef\n");
}

TEST_CASE("process runner: what the child starts in a session of its own dies with the call") {
  // OpenClaw respawns itself detached; npm runs detached under it. Neither a
  // clean exit nor a child killed by someone else leaves them running.
  for (const char* end : {"exit 0", "kill -9 $$"}) {
    testing::TempDir dir;
    ProcessResult r = run_process(shell("setsid sleep 1000 & echo $! > " + dir.path("pid") + "; " + end));
    CHECK(r.outcome == (std::string(end) == "exit 0" ? ProcessResult::Outcome::Exited : ProcessResult::Outcome::Signaled));
    pid_t detached = 0;
    std::ifstream(dir.path("pid")) >> detached;
    REQUIRE(detached > 0);
    std::this_thread::sleep_for(100ms);
    CHECK_MESSAGE(!alive(detached), end);
    if (alive(detached)) ::kill(detached, SIGKILL);
  }
}

TEST_CASE("process runner: large output on both streams - and the bound") {
  std::string script = "python3 -c \"import sys; sys.stdout.write('o'*5000000); sys.stderr.write('e'*5000000)\"";
  ProcessResult r = run_process(shell(script));
  CHECK(r.succeeded());
  CHECK(r.out.size() == 5'000'000);
  CHECK(r.err.size() == 5'000'000);
  ProcessRequest bounded = shell(script);
  bounded.max_output_bytes = 1000;
  ProcessResult b = run_process(bounded);
  CHECK(b.succeeded());
  CHECK(b.out.size() == 1000);
  CHECK(b.out_truncated);
  CHECK(b.err_truncated);
}

TEST_CASE("process runner: a timeout kills the whole process group - within 2x the timeout") {
  testing::TempDir dir;
  ProcessRequest r = shell("sleep 1000 & echo $! > " + dir.path("pid") + "; wait");
  r.timeout = 1s;
  auto started = std::chrono::steady_clock::now();
  ProcessResult result = run_process(r);
  auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(result.outcome == ProcessResult::Outcome::TimedOut);
  CHECK(result.describe() == "timed out after 1.0 s (process group killed)");
  CHECK(elapsed < 2s);
  pid_t grandchild = 0;
  std::ifstream(dir.path("pid")) >> grandchild;
  REQUIRE(grandchild > 0);
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE(alive(grandchild));
}

TEST_CASE("process runner: a grandchild holding the pipes does not hold the caller") {
  auto started = std::chrono::steady_clock::now();
  ProcessResult r = run_process(shell("(sleep 1000 &) ; echo done"));
  CHECK(r.succeeded());
  CHECK(r.out == "done\n");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("process runner: signals - missing binaries and directories") {
  ProcessResult killed = run_process(shell("kill -9 $$"));
  CHECK(killed.outcome == ProcessResult::Outcome::Signaled);
  CHECK(killed.describe() == "killed by signal 9");

  ProcessRequest missing;
  missing.argv = {"/nonexistent/openclaw", "--version"};
  CHECK(run_process(missing).describe() == "could not start: /nonexistent/openclaw: no such file");
  missing.argv = {"no-such-program-here"};
  missing.env = {{"PATH", "/usr/bin:/bin"}};
  CHECK(run_process(missing).describe() == "could not start: no-such-program-here: not found on PATH");

  ProcessRequest cwd = shell("pwd");
  cwd.cwd = "/nonexistent-dir";
  CHECK(run_process(cwd).describe() == "could not start: working directory /nonexistent-dir does not exist");
  cwd.cwd = "/tmp";
  CHECK(run_process(cwd).out == "/tmp\n");
}

TEST_CASE("process runner: concurrent runs from several threads") {
  std::vector<std::thread> threads;
  std::vector<ProcessResult> results(8);
  for (std::size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&, i] { results[i] = run_process(shell("sleep 0.2; echo " + std::to_string(i))); });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < results.size(); ++i) {
    CHECK(results[i].succeeded());
    CHECK(results[i].out == std::to_string(i) + "\n");
  }
}

TEST_CASE("process runner: on_started sees the child in its own group before it runs") {
  testing::TempDir dir;
  ProcessRequest r = shell("echo ran > " + dir.path("ran") + "; echo $$");
  ChildProcess seen;
  bool ran_before_hook = true;
  r.on_started = [&](const ChildProcess& child) {
    seen = child;
    ran_before_hook = std::ifstream(dir.path("ran")).good();
    return Status::ok();
  };
  ProcessResult result = run_process(r);
  CHECK(result.succeeded());
  CHECK_FALSE(ran_before_hook);
  CHECK(seen.pid > 0);
  CHECK(seen.pgid == seen.pid);
  CHECK(seen.start_time > 0);
  CHECK(result.out == std::to_string(seen.pid) + "\n");
}

TEST_CASE("process runner: a child whose record fails never runs") {
  testing::TempDir dir;
  ProcessRequest r = shell("echo ran > " + dir.path("ran"));
  long pid = 0;
  r.on_started = [&](const ChildProcess& child) {
    pid = child.pid;
    return Status::error("journal: write: No space left on device");
  };
  ProcessResult result = run_process(r);
  CHECK(result.describe() == "could not start: the child could not be recorded: journal: write: No space left on device");
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE(std::ifstream(dir.path("ran")).good());
  CHECK_FALSE(alive(static_cast<pid_t>(pid)));
}

TEST_CASE("process runner: a readable cancel_fd stops the child's whole group") {
  testing::TempDir dir;
  int cancel[2];
  REQUIRE(::pipe(cancel) == 0);
  ProcessRequest r = shell("sleep 1000 & echo $! > " + dir.path("pid") + "; wait");
  r.cancel_fd = cancel[0];
  r.timeout = 30s;
  std::thread interrupt([&] {
    std::this_thread::sleep_for(300ms);
    CHECK(::write(cancel[1], "x", 1) == 1);
  });
  auto started = std::chrono::steady_clock::now();
  ProcessResult result = run_process(r);
  interrupt.join();
  CHECK(result.outcome == ProcessResult::Outcome::Cancelled);
  CHECK(result.describe() == "stopped: clawform was interrupted (process group killed)");
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  pid_t grandchild = 0;
  std::ifstream(dir.path("pid")) >> grandchild;
  REQUIRE(grandchild > 0);
  std::this_thread::sleep_for(100ms);
  CHECK_FALSE(alive(grandchild));
  ::close(cancel[0]);
  ::close(cancel[1]);
}

TEST_CASE("process runner: stdin is /dev/null") {
  ProcessResult r = run_process(shell("cat; echo end"));
  CHECK(r.succeeded());
  CHECK(r.out == "end\n");
}

TEST_CASE("process runner: format_argv quotes what a shell would split") {
  CHECK(format_argv({"openclaw", "--profile", "acme", "plugins", "list"}) == "openclaw --profile acme plugins list");
  CHECK(format_argv({"sh", "-c", "echo hi", ""}) == "sh -c 'echo hi' ''");
}

}  // namespace
}  // namespace clawform
