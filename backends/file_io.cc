#include "backends/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace clawform {

namespace {

std::string failure(const char* call, const std::string& path) {
  return fmt::format("{}: {}: {}", path, call, std::strerror(errno));
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: a FIFO planted at `path` must not hang the read (fstat refuses it).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::error(fmt::format("{}: {}", path, std::strerror(errno)));
  struct stat st {};
  std::string error;
  std::string bytes;
  if (::fstat(fd, &st) != 0) {
    error = failure("fstat", path);
  } else if (!S_ISREG(st.st_mode)) {
    error = path + " is not a regular file";
  } else if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    error = fmt::format("{} is {} bytes; over the limit of {}", path, st.st_size, max_bytes);
  } else {
    bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    bool failed = false;
    while (got < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) failed = true;
      if (n <= 0) break;  // an error, or the file shrank while read
      got += static_cast<std::size_t>(n);
    }
    if (failed) {
      error = failure("read", path);
    } else {
      bytes.resize(got);
      ::close(fd);
      return bytes;
    }
  }
  ::close(fd);
  return Status::error(std::move(error));
}

Status write_file_atomic(const std::string& path, std::string_view bytes, unsigned mode) {
  std::filesystem::path target(path);
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string temp = fmt::format("{}/.{}.clawform-{}.tmp", dir, target.filename().string(), ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode & 07777);
  if (fd < 0) return Status::error(failure("open", temp));
  auto abandon = [&](const char* call) {
    Status failed = Status::error(failure(call, temp));
    ::close(fd);
    ::unlink(temp.c_str());
    return failed;
  };
  if (::fchmod(fd, mode & 07777) != 0) return abandon("fchmod");
  if (!write_all(fd, bytes)) return abandon("write");
  if (::fsync(fd) != 0) return abandon("fsync");
  if (::close(fd) != 0) {
    Status failed = Status::error(failure("close", temp));
    ::unlink(temp.c_str());
    return failed;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status failed = Status::error(failure("rename", path));
    ::unlink(temp.c_str());
    return failed;
  }
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return Status::ok();
}

Status make_dirs(const std::string& path, unsigned mode, unsigned parents) {
  // Parents first, shortest first: "a", "a/b", ..., then `path` itself.
  std::string clean = path;
  while (clean.size() > 1 && clean.back() == '/') clean.pop_back();
  std::vector<std::string> missing;
  for (std::filesystem::path p(clean); !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return Status::error(fmt::format("{}: mkdir: {} is not a directory", path, p.string()));
      break;
    }
    if (errno != ENOENT && errno != ENOTDIR) return Status::error(failure("stat", p.string()));
    missing.push_back(p.string());
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    const bool last = it == missing.rbegin() + static_cast<std::ptrdiff_t>(missing.size() - 1);
    const unsigned want = (last ? mode : parents) & 07777;
    if (::mkdir(it->c_str(), want) != 0) {
      struct stat st {};
      // Made meanwhile by another process: fine when it is a directory.
      if (errno == EEXIST && ::stat(it->c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
      return Status::error(failure("mkdir", *it));
    }
    // Made at most `want` (the umask only removes bits); now exactly it.
    if (::chmod(it->c_str(), want) != 0) return Status::error(failure("chmod", *it));
  }
  return Status::ok();
}

}  // namespace clawform
