#include "compiler/instance_openclaw.h"

#include <charconv>

namespace clawform {

std::optional<int> major_of(const std::string& version) {
  int major = 0;
  const char* end = version.data() + version.size();
  auto [next, error] = std::from_chars(version.data(), end, major);
  if (error != std::errc() || next == version.data() || (next != end && *next != '.')) return std::nullopt;
  return major;
}

const std::string& instance_pinned_version(const Manifest& manifest, const InstanceLayout& layout) {
  for (const ProjectLayout& pl : layout.projects)
    for (const Project& p : manifest.projects)
      if (p.name == pl.project) return project_openclaw_version(manifest, p);
  return manifest.openclaw.version;
}

InstanceOpenClaw instance_openclaw(const Manifest& manifest, const HostPaths& paths, const InstanceLayout& layout,
                                   const GivenOpenClaw& given) {
  const std::string& version = instance_pinned_version(manifest, layout);
  const int node_major = manifest.openclaw.node_major;
  const bool unknown = !given.version || !given.node_version;
  const bool fits = !unknown && *given.version == version && major_of(*given.node_version) == node_major;
  if (unknown || fits) return {given.binary, version, std::nullopt};
  OpenClawRelease release{version, node_major};
  return {release_launcher(release_prefix(paths, release)), version, release};
}

}  // namespace clawform
