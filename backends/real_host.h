#pragma once
// The Host of a real machine (or of a --root sandbox): today's POSIX
// (processes: backends/process_runner.h), SQLite and socket code behind
// compiler/host.h. Every run and gateway start goes through the options'
// ChildWatch (recorded before it runs, cancelled by a signal). Gateways go
// through the service manager on a real host and through the sandbox runner
// under --root (backends/gateway_control.h).

#include <map>
#include <memory>

#include "backends/gateway_control.h"
#include "backends/path_snapshot.h"
#include "compiler/host.h"

namespace clawform {

class RealHost : public Host {
 public:
  // `parents`: what an undo does with the parent directories a step
  // created (backends/path_snapshot.h); KeepShared when instances are
  // applied at once and one may be rolled back alone.
  RealHost(HostPaths paths, GatewayControlOptions gateway_options,
           MissingParents parents = MissingParents::RemoveAll)
      : paths_(std::move(paths)), gateway_options_(std::move(gateway_options)), parents_(parents) {}

  ProcessResult run(const ProcessRequest& request) override;
  Result<std::string> read_file(const std::string& path, std::size_t max_bytes) override;
  Status write_file(const std::string& path, std::string_view bytes, unsigned mode) override;
  PathState stat(const std::string& path) override;
  Status make_directory(const std::string& path, unsigned mode) override;
  Status set_owner(const std::string& path, const OsAccount& account) override;
  Status remove(const std::string& path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Result<nlohmann::json> save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                    const std::string& save_dir) override;
  Status restore_paths(const nlohmann::json& record, const std::string& save_dir) override;
  Status verify_paths(const nlohmann::json& record, const std::string& save_dir) override;
  bool gateway_running(const InstanceLayout& instance) override;
  Status start_gateway(const InstanceLayout& instance, int port) override;
  Status stop_gateway(const InstanceLayout& instance) override;
  GatewayState probe_gateway(int port, std::chrono::milliseconds timeout) override;
  std::chrono::steady_clock::time_point now() override;
  void sleep_for(std::chrono::milliseconds duration) override;

 private:
  GatewayControl& gateway(const InstanceLayout& instance);

  HostPaths paths_;
  GatewayControlOptions gateway_options_;
  MissingParents parents_;
  std::map<std::string, std::unique_ptr<GatewayControl>> gateways_;  // by instance
};

}  // namespace clawform
