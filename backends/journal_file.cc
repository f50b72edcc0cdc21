#include "backends/journal_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/clawform_dir.h"

#include "backends/file_io.h"

namespace clawform {

namespace fs = std::filesystem;

namespace {

Status failure(const char* call, const std::string& path) {
  return Status::error(fmt::format("{}: {}: {}", path, call, std::strerror(errno)));
}

void sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

JournalPaths journal_paths(const std::string& clawform_dir) {
  const ClawformDir files{clawform_dir};
  return {files.journal(), files.journal_records(), files.journal_plan()};
}

bool journal_exists(const std::string& clawform_dir) {
  std::error_code ec;
  return fs::exists(journal_paths(clawform_dir).records, ec);
}

JournalFile::~JournalFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<JournalFile> JournalFile::create(const std::string& clawform_dir, const std::string& plan_bytes) {
  JournalPaths paths = journal_paths(clawform_dir);
  if (journal_exists(clawform_dir))
    return Status::error(paths.records + " exists: an earlier apply did not finish; run `clawform recover`");
  std::error_code ec;
  fs::remove_all(paths.dir, ec);  // a journal dir without records never started a step
  if (Status made = make_dirs(paths.dir, 0700, 0700); !made) return made;
  if (Status written = write_file_atomic(paths.plan, plan_bytes, 0600); !written) return written;
  int fd = ::open(paths.records.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return failure("open", paths.records);
#ifdef __linux__
  // Blocks for the records to come, the file's size unchanged (a file
  // system without fallocate, or too full for it, simply has no reserve).
  static_cast<void>(::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, kReservedBytes));
#endif
  if (::fsync(fd) != 0) {
    Status failed = failure("fsync", paths.records);
    ::close(fd);
    return failed;
  }
  sync_dir(paths.dir);
  return JournalFile(fd, paths.records, 0);
}

Result<JournalFile> JournalFile::open(const std::string& clawform_dir, const JournalState& read) {
  std::string path = journal_paths(clawform_dir).records;
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (fd < 0) return failure("open", path);
  JournalFile file(fd, path, static_cast<long>(read.intact_bytes));
  struct stat st {};
  if (::fstat(fd, &st) != 0) return failure("fstat", path);
  if (st.st_size != file.size_ && ::ftruncate(fd, file.size_) != 0) return failure("truncate the torn tail of", path);
  char last = '\n';
  if (file.size_ > 0 && ::pread(fd, &last, 1, file.size_ - 1) != 1) return failure("read", path);
  if (last != '\n') {
    if (::write(fd, "\n", 1) != 1) return failure("write", path);
    file.size_ += 1;
  }
  if (::fsync(fd) != 0) return failure("fsync", path);
  return file;
}

Status JournalFile::append(const nlohmann::json& record) {
  const std::string line = journal_line(record);
  std::string_view rest = line;
  Status result = Status::ok();
  while (!rest.empty()) {
    ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = failure("write", path_);
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (result && ::fsync(fd_) != 0) result = failure("fsync", path_);
  if (!result) {
    // Not written, as far as the caller knows: so not in the file either.
    // (A crash before this cut leaves a torn tail, which readers ignore.)
    static_cast<void>(::ftruncate(fd_, size_));
    static_cast<void>(::fsync(fd_));
    return result;
  }
  size_ += static_cast<long>(line.size());
  return Status::ok();
}

Status close_journal(const std::string& clawform_dir, const JournalState& state) {
  JournalPaths paths = journal_paths(clawform_dir);
  const std::string history = ClawformDir{clawform_dir}.history();
  std::error_code ec;
  if (Status made = make_dirs(history, 0700, 0700); !made) return made;
  std::string stamp = state.started.empty() ? "unknown" : state.started;
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  const std::string name = fmt::format("{}/{}-{}-{}", history, stamp, state.plan_sha256.substr(0, 12),
                                       state.outcome.value_or("unfinished"));
  // Never over an earlier record: the same plan rolled back twice within
  // one second has the same name (link() fails where rename() would clobber).
  for (int n = 1;; ++n) {
    const std::string target = n == 1 ? name + ".jsonl" : fmt::format("{}-{}.jsonl", name, n);
    if (::link(paths.records.c_str(), target.c_str()) == 0) break;
    if (errno != EEXIST || n == 1000) return failure("link into history/", paths.records);
  }
  if (::unlink(paths.records.c_str()) != 0) return failure("unlink", paths.records);
  sync_dir(history);
  fs::remove_all(paths.dir, ec);
  if (ec) return Status::error(fmt::format("{}: remove: {}", paths.dir, ec.message()));
  return Status::ok();
}

}  // namespace clawform
