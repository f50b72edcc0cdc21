#include "backends/operations/status_history_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "compiler/clawform_dir.h"

namespace clawform {

namespace {

std::string failure(const char* call, const std::string& path) {
  return fmt::format("{}: {}: {}", path, call, std::strerror(errno));
}

// An open file descriptor, closed on every way out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// The whole file through `fd` ("" when empty).
Result<std::string> read_all(int fd, const std::string& path) {
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::error(failure("read", path));
    if (n == 0) return text;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Result<HistoryUpdate> record_status_sample(const std::string& clawform_dir, const StatusSample& sample,
                                           const ThinningPolicy& policy) {
  const ClawformDir dir{clawform_dir};
  if (Status made = make_dirs(dir.status(), 0700, 0700); !made) return made;

  Fd lock(::open(dir.status_lock().c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (lock.get() < 0) return Status::error(failure("open", dir.status_lock()));
  while (::flock(lock.get(), LOCK_EX) != 0)
    if (errno != EINTR) return Status::error(failure("flock", dir.status_lock()));

  const std::string path = dir.status_history();
  Fd file(::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (file.get() < 0) return Status::error(failure("open", path));
  Result<std::string> text = read_all(file.get(), path);
  if (!text) return text.status();

  HistoryUpdate update;
  ParsedHistory parsed = parse_history(*text, path);
  update.warnings = std::move(parsed.warnings);

  // A torn last line (a write cut short) gets its newline first, so that
  // this sample does not join it.
  std::string line = history_line(sample);
  if (!text->empty() && text->back() != '\n') line.insert(line.begin(), '\n');
  const ssize_t written = ::write(file.get(), line.data(), line.size());
  if (written < 0) return Status::error(failure("write", path));
  if (static_cast<std::size_t>(written) != line.size())
    return Status::error(fmt::format("{}: write: {} of {} bytes written (disk full?)", path, written, line.size()));

  update.samples = std::move(parsed.samples);
  update.samples.push_back(sample);
  std::stable_sort(update.samples.begin(), update.samples.end(),
                   [](const StatusSample& a, const StatusSample& b) { return a.time < b.time; });

  std::vector<StatusSample> thinned = thin_history(update.samples, sample.time, policy);
  if (update.warnings.empty() && update.samples.size() - thinned.size() < policy.rewrite_after) return update;
  std::string bytes;
  for (const StatusSample& s : thinned) bytes += history_line(s);
  if (Status rewritten = write_file_atomic(path, bytes, 0600); !rewritten) return rewritten;
  update.samples = std::move(thinned);
  update.rewritten = true;
  return update;
}

}  // namespace clawform
