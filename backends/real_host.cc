#include "backends/real_host.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/file_scan.h"
#include "backends/gateway_probe.h"
#include "backends/path_snapshot.h"
#include "backends/process_runner.h"

namespace clawform {

namespace fs = std::filesystem;

ProcessResult RealHost::run(const ProcessRequest& request) {
  ProcessRequest watched = request;
  gateway_options_.children.watch(watched);
  return run_process(watched);
}

Result<std::string> RealHost::read_file(const std::string& path, std::size_t max_bytes) {
  return clawform::read_file(path, max_bytes);
}

Status RealHost::write_file(const std::string& path, std::string_view bytes, unsigned mode) {
  return write_file_atomic(path, bytes, mode);
}

PathState RealHost::stat(const std::string& path) { return stat_path(path); }

Status RealHost::make_directory(const std::string& path, unsigned mode) {
  if (Status made = make_dirs(path, mode); !made) return made;
  if (::chmod(path.c_str(), mode) != 0)
    return Status::error(fmt::format("{}: chmod: {}", path, std::strerror(errno)));
  return Status::ok();
}

Status RealHost::set_owner(const std::string& path, const OsAccount& account) {
  if (::lchown(path.c_str(), static_cast<uid_t>(account.uid), static_cast<gid_t>(account.gid)) != 0)
    return Status::error(fmt::format("{}: chown {}: {}", path, account.name, std::strerror(errno)));
  return Status::ok();
}

Status RealHost::remove(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  if (ec) return Status::error(fmt::format("{}: remove: {}", path, ec.message()));
  return Status::ok();
}

Status RealHost::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    return Status::error(fmt::format("{}: rename to {}: {}", from, to, std::strerror(errno)));
  return Status::ok();
}

Result<nlohmann::json> RealHost::save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                            const std::string& save_dir) {
  return clawform::save_paths(paths, floor, save_dir);
}

Status RealHost::restore_paths(const nlohmann::json& record, const std::string& save_dir) {
  return clawform::restore_paths(record, save_dir, parents_);
}

Status RealHost::verify_paths(const nlohmann::json& record, const std::string& save_dir) {
  return clawform::verify_paths(record, save_dir, parents_);
}

GatewayControl& RealHost::gateway(const InstanceLayout& instance) {
  std::unique_ptr<GatewayControl>& control = gateways_[instance.instance];
  if (!control) control = make_gateway_control(instance, paths_, gateway_options_);
  return *control;
}

bool RealHost::gateway_running(const InstanceLayout& instance) { return gateway(instance).running(); }

Status RealHost::start_gateway(const InstanceLayout& instance, int port) { return gateway(instance).start(port); }

Status RealHost::stop_gateway(const InstanceLayout& instance) { return gateway(instance).stop(); }

GatewayState RealHost::probe_gateway(int port, std::chrono::milliseconds timeout) {
  return clawform::probe_gateway(port, {.timeout = timeout});
}

std::chrono::steady_clock::time_point RealHost::now() { return std::chrono::steady_clock::now(); }

void RealHost::sleep_for(std::chrono::milliseconds duration) { std::this_thread::sleep_for(duration); }

}  // namespace clawform
