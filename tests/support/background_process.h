#pragma once
// A long-running child for integration tests (a real gateway): started in
// its own process group, stopped by pid — SIGTERM to the group, then SIGKILL
// after a grace period — when the object is destroyed.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace clawform::testing {

class BackgroundProcess {
 public:
  // Starts argv with exactly `env`; output goes to `log_path`.
  BackgroundProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                    const std::string& log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running() const;
  void stop();

 private:
  pid_t pid_ = -1;
};

}  // namespace clawform::testing
