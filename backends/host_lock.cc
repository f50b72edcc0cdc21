#include "backends/host_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
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

LockOwner parse_lock_owner(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  LockOwner owner;
  if (!j.is_object()) return owner;
  // json::value() throws when a field has another type: a lock file edited
  // by hand, or damaged, must still be reported, not abort clawform.
  auto text_at = [&j](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  if (auto pid = j.find("pid"); pid != j.end() && pid->is_number_integer()) owner.pid = pid->get<long>();
  owner.host = text_at("host");
  owner.started = text_at("started");
  owner.command = text_at("command");
  return owner;
}

Result<std::optional<LockOwner>> read_lock(const std::string& clawform_dir) {
  Result<std::string> text = read_file(lock_path(clawform_dir), 4096);
  if (!text) {
    if (std::filesystem::exists(lock_path(clawform_dir))) return text.status();
    return std::optional<LockOwner>();
  }
  LockOwner owner = parse_lock_owner(*text);
  // Locks are linked into place whole; an empty one was written by an
  // older clawform mid-write: treat it as held.
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
  if (Status made = make_dirs(clawform_dir, 0700); !made) return made;
  const std::string path = lock_path(clawform_dir);
  // Takers queue on an flock of the directory for the few syscalls below,
  // so that two of them never both find a dead owner and both take over
  // (the second would remove the first's fresh lock). The lock file itself
  // is what is held for the apply; the flock ends when this call returns.
  int dir_fd = ::open(clawform_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return Status::error(fmt::format("{}: open: {}", clawform_dir, std::strerror(errno)));
  while (::flock(dir_fd, LOCK_EX) != 0)
    if (errno != EINTR) {
      const int flock_errno = errno;
      ::close(dir_fd);
      return Status::error(fmt::format("{}: flock: {}", clawform_dir, std::strerror(flock_errno)));
    }
  struct DirLock {
    int fd;
    ~DirLock() { ::close(fd); }  // closing releases the flock
  } dir_lock{dir_fd};

  // Written whole beside the lock, then linked into place: link() fails
  // when the lock exists, and a reader never sees a lock without its owner.
  const std::string temp = fmt::format("{}.{}.new", path, ::getpid());
  const std::string body = nlohmann::json{{"pid", static_cast<long>(::getpid())}, {"host", this_host()},
                                          {"started", utc_now()}, {"command", command}}.dump() + "\n";
  if (Status written = write_file_atomic(temp, body, 0600); !written) return written;
  struct Temp {
    const std::string& path;
    ~Temp() { ::unlink(path.c_str()); }
  } remove_temp{temp};
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (::link(temp.c_str(), path.c_str()) == 0) return HostLock(path);
    if (errno != EEXIST) return Status::error(fmt::format("{}: link: {}", path, std::strerror(errno)));
    Result<std::optional<LockOwner>> read = read_lock(clawform_dir);
    if (!read) return read.status();
    if (!*read) continue;  // released meanwhile
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
