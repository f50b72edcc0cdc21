#pragma once
// A fresh directory under the system temp dir, removed with its contents
// when the object goes out of scope.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace clawform::testing {

class TempDir {
 public:
  // Under `base` when given (e.g. /dev/shm, where fsync costs nothing).
  explicit TempDir(const std::string& base = "") {
    static std::atomic<int> counter{0};
    path_ = ((base.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(base)) /
             ("clawform-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace clawform::testing
