#include "compiler/openclaw_release.h"

#include <fmt/format.h>

namespace clawform {

std::string releases_dir(const HostPaths& paths) { return paths.root + "/opt/clawform/openclaw"; }

std::string release_name(const OpenClawRelease& release) {
  return fmt::format("{}-node{}", release.version, release.node_major);
}

std::string release_prefix(const HostPaths& paths, const OpenClawRelease& release) {
  return releases_dir(paths) + "/" + release_name(release);
}

std::string release_launcher(const std::string& prefix) { return prefix + "/bin/openclaw"; }

std::string release_record_path(const std::string& prefix) { return prefix + "/release.json"; }

}  // namespace clawform
