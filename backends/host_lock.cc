#include "backends/host_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/clawform_dir.h"
#include <nlohmann/json.hpp>

#include "backends/file_io.h"

namespace clawform {

namespace {

std::string lock_path(const std::string& clawform_dir) { return ClawformDir{clawform_dir}.lock(); }

bool pid_alive(long pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
}

}  // namespace

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm {};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string this_host() {
  char name[256] = {};
  ::gethostname(name, sizeof name - 1);
  return name;
}

std::string LockOwner::describe() const {
  return fmt::format("clawform {} (pid {} on host {}, since {})", command, pid, host, started);
}

HostLock::~HostLock() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

Result<std::optional<LockOwner>> read_lock(const std::string& clawform_dir) {
  Result<std::string> text = read_file(lock_path(clawform_dir), 4096);
  if (!text) {
    if (std::filesystem::exists(lock_path(clawform_dir))) return text.status();
    return std::optional<LockOwner>();
  }
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  LockOwner owner;
  if (j.is_object()) {
    owner.pid = j.value("pid", 0L);
    owner.host = j.value("host", "");
    owner.started = j.value("started", "");
    owner.command = j.value("command", "");
  }
  // A lock being written this instant reads as empty; treat it as held.
  owner.alive = text->empty() || (owner.host == this_host() && pid_alive(owner.pid)) ||
                (!owner.host.empty() && owner.host != this_host());
  return std::optional<LockOwner>(std::move(owner));
}

Status remove_lock(const std::string& clawform_dir) {
  if (::unlink(lock_path(clawform_dir).c_str()) != 0 && errno != ENOENT)
    return Status::error(fmt::format("{}: unlink: {}", lock_path(clawform_dir), std::strerror(errno)));
  return Status::ok();
}

Result<HostLock> HostLock::acquire(const std::string& clawform_dir, const std::string& command, bool take_over_dead) {
  std::error_code ec;
  std::filesystem::create_directories(clawform_dir, ec);
  const std::string path = lock_path(clawform_dir);
  const std::string body = nlohmann::json{{"pid", static_cast<long>(::getpid())}, {"host", this_host()},
                                          {"started", utc_now()}, {"command", command}}.dump() + "\n";
  for (int attempt = 0; attempt < 2; ++attempt) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      bool written = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) && ::fsync(fd) == 0;
      ::close(fd);
      if (!written) {
        const int write_errno = errno;
        ::unlink(path.c_str());
        return Status::error(fmt::format("{}: write: {}", path, std::strerror(write_errno)));
      }
      return HostLock(path);
    }
    if (errno != EEXIST) return Status::error(fmt::format("{}: open: {}", path, std::strerror(errno)));
    Result<std::optional<LockOwner>> read = read_lock(clawform_dir);
    if (!read || !*read) continue;  // released meanwhile (or unreadable: try again)
    const LockOwner& owner = **read;
    if (owner.alive)
      return Status::error(fmt::format("another clawform holds the lock on this host root: {}; wait for it to finish",
                                       owner.describe()));
    if (!take_over_dead)
      return Status::error(fmt::format("the lock on this host root is held by {}, which is no longer running; run "
                                       "`clawform recover` to finish what it left, or `clawform unlock` to clear the "
                                       "lock",
                                       owner.describe()));
    if (Status removed = remove_lock(clawform_dir); !removed) return removed;
  }
  return Status::error(path + ": the lock changed hands while being taken; try again");
}

}  // namespace clawform
