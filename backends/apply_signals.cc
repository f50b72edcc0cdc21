#include "backends/apply_signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

namespace clawform {

namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

// Shared with the handler: plain ints written before it is installed.
volatile std::sig_atomic_t g_first = 0;     // the signal that stopped the apply
volatile std::sig_atomic_t g_shielded = 0;  // the rollback runs
int g_pipe[2] = {-1, -1};
struct sigaction g_previous[3];
struct sigaction g_previous_pipe;

const char* name_of(int signal) {
  switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
  }
  return "a signal";
}

void say(const char* text) {
  // stderr may be gone (SIGHUP of a closed terminal): nothing to do then.
  if (::write(STDERR_FILENO, text, std::strlen(text)) < 0) return;
}

// Async-signal-safe: write(2) only.
void on_signal(int signal) {
  const int saved_errno = errno;
  if (g_first == 0 && g_shielded == 0) {
    g_first = signal;
    const char byte = static_cast<char>(signal);
    if (::write(g_pipe[1], &byte, 1) < 0) {
    }
    say("\nclawform: ");
    say(name_of(signal));
    say(" received: stopping the running step, then rolling back\n");
  } else {
    say("\nclawform: ");
    say(name_of(signal));
    say(" received during the rollback: ignored until the rollback ends\n");
  }
  errno = saved_errno;
}

}  // namespace

ApplySignals::ApplySignals() {
  g_first = 0;
  g_shielded = 0;
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &action, &g_previous[i]);
  // A dropped SSH session also closes the pipes stdout and stderr may be:
  // a write to them must fail, not end clawform in the middle of a rollback.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGPIPE, &ignore, &g_previous_pipe);
}

ApplySignals::~ApplySignals() {
  for (int i = 0; i < 3; ++i) ::sigaction(kSignals[i], &g_previous[i], nullptr);
  ::sigaction(SIGPIPE, &g_previous_pipe, nullptr);
  for (int& fd : g_pipe) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

int ApplySignals::cancel_fd() const { return g_shielded ? -1 : g_pipe[0]; }

std::string ApplySignals::reason() const {
  return g_first == 0 ? std::string() : std::string("interrupted by ") + name_of(g_first);
}

void ApplySignals::shield() { g_shielded = 1; }

}  // namespace clawform
