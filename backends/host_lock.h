#pragma once
// One apply (or recover) at a time per host root: <clawform_dir>/lock,
// created exclusively and holding its owner (pid, host name, start time,
// command). Released when the HostLock is destroyed. A lock left by a
// process that died (kill -9, power loss) is not taken over silently:
// `clawform recover` may take it over, `clawform unlock` clears it.

#include <optional>
#include <string>
#include <string_view>

#include "compiler/status.h"

namespace clawform {

struct LockOwner {
  long pid = 0;
  std::string host;
  std::string started;  // UTC, ISO 8601
  std::string command;
  bool alive = false;   // the owner runs on this host and is still running

  // "clawform apply (pid 1234 on host mini, since 2026-11-25T10:00:00Z)"
  std::string describe() const;
};

class HostLock {
 public:
  HostLock(HostLock&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  HostLock& operator=(HostLock&&) = delete;
  ~HostLock();

  // Takes the lock for `command`, or an error naming the holder. With
  // `take_over_dead`, a lock whose owner is dead is taken.
  static Result<HostLock> acquire(const std::string& clawform_dir, const std::string& command, bool take_over_dead);

 private:
  explicit HostLock(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The owner a lock file's text names (pid, host, started, command; each
// left empty or 0 when missing or of another type). `alive` is not set.
// Never throws.
LockOwner parse_lock_owner(std::string_view text);

// The lock's owner, nullopt when there is no lock, or an error when there is
// one that cannot be read.
Result<std::optional<LockOwner>> read_lock(const std::string& clawform_dir);

// Removes the lock file; an error when it could not.
Status remove_lock(const std::string& clawform_dir);

// The current UTC time as 2026-11-25T10:00:00Z.
std::string utc_now();

// This machine's host name.
std::string this_host();

}  // namespace clawform
