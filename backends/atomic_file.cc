#include "backends/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

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

bool write_file_atomic(const std::string& path, std::string_view bytes, unsigned mode, std::string& error) {
  std::filesystem::path target(path);
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string temp = fmt::format("{}/.{}.clawform-{}.tmp", dir, target.filename().string(), ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode & 07777);
  if (fd < 0) {
    error = failure("open", temp);
    return false;
  }
  auto abandon = [&](const char* call) {
    error = failure(call, temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return false;
  };
  if (::fchmod(fd, mode & 07777) != 0) return abandon("fchmod");
  if (!write_all(fd, bytes)) return abandon("write");
  if (::fsync(fd) != 0) return abandon("fsync");
  if (::close(fd) != 0) {
    error = failure("close", temp);
    ::unlink(temp.c_str());
    return false;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    error = failure("rename", path);
    ::unlink(temp.c_str());
    return false;
  }
  int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
  return true;
}

}  // namespace clawform
