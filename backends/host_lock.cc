#include "backends/host_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends/file_io.h"

namespace clawform {

namespace {

std::string lock_path(const std::string& clawform_dir) { return clawform_dir + "/lock"; }

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

std::optional<LockOwner> read_lock(const std::string& clawform_dir, std::string& error) {
  std::string read_error;
  std::optional<std::string> text = read_file(lock_path(clawform_dir), read_error, 4096);
  if (!text) {
    if (std::filesystem::exists(lock_path(clawform_dir))) error = read_error;
    return std::nullopt;
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
  return owner;
}

bool remove_lock(const std::string& clawform_dir, std::string& error) {
  if (::unlink(lock_path(clawform_dir).c_str()) != 0 && errno != ENOENT) {
    error = fmt::format("{}: unlink: {}", lock_path(clawform_dir), std::strerror(errno));
    return false;
  }
  return true;
}

std::optional<HostLock> HostLock::acquire(const std::string& clawform_dir, const std::string& command,
                                          bool take_over_dead, std::string& error) {
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
        ::unlink(path.c_str());
        error = fmt::format("{}: write: {}", path, std::strerror(errno));
        return std::nullopt;
      }
      return HostLock(path);
    }
    if (errno != EEXIST) {
      error = fmt::format("{}: open: {}", path, std::strerror(errno));
      return std::nullopt;
    }
    std::string read_error;
    std::optional<LockOwner> owner = read_lock(clawform_dir, read_error);
    if (!owner) continue;  // released meanwhile
    if (owner->alive) {
      error = fmt::format("another clawform holds the lock on this host root: {}; wait for it to finish", owner->describe());
      return std::nullopt;
    }
    if (!take_over_dead) {
      error = fmt::format("the lock on this host root is held by {}, which is no longer running; run `clawform "
                          "recover` to finish what it left, or `clawform unlock` to clear the lock",
                          owner->describe());
      return std::nullopt;
    }
    if (!remove_lock(clawform_dir, error)) return std::nullopt;
  }
  error = path + ": the lock changed hands while being taken; try again";
  return std::nullopt;
}

}  // namespace clawform
