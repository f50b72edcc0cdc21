#include "backends/release_prune.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "backends/discover.h"
#include "compiler/instance_layout.h"
#include "compiler/openclaw_release.h"

namespace clawform {

namespace {

namespace fs = std::filesystem;

std::uintmax_t tree_bytes(const std::string& path) {
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) bytes += it->file_size(ec);
  return bytes;
}

}  // namespace

Result<PruneReport> prune_releases(Host& host, const Manifest& manifest, const HostPaths& paths, bool remove) {
  PruneReport report;
  const std::string dir = releases_dir(paths);
  if (!host.stat(dir).exists) return report;

  std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  for (InstanceLayout& removed : removal_layouts(manifest, paths)) layouts.push_back(std::move(removed));
  std::vector<std::pair<std::string, std::string>> services;  // binary, project
  for (const InstanceLayout& layout : layouts) {
    const std::string binary = service_binary(host, layout);
    if (binary.empty()) continue;
    for (const ProjectLayout& p : layout.projects) services.emplace_back(binary, p.project);
    if (layout.projects.empty()) services.emplace_back(binary, layout.instance);
  }
  std::vector<std::string> pinned;
  for (const Project& p : manifest.projects)
    pinned.push_back(release_name({project_openclaw_version(manifest, p), manifest.openclaw.node_major}));

  std::error_code ec;
  std::vector<ReleaseEntry> entries;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
    if (e.is_directory(ec)) entries.push_back({e.path().filename().string(), e.path().string(), 0, {}});
  if (ec) return Status::error(fmt::format("{}: {}", dir, ec.message()));
  std::sort(entries.begin(), entries.end(), [](const ReleaseEntry& a, const ReleaseEntry& b) { return a.name < b.name; });

  for (ReleaseEntry& entry : entries) {
    entry.bytes = tree_bytes(entry.path);
    const std::string launcher = release_launcher(entry.path);
    for (const auto& [binary, project] : services)
      if (binary == launcher) entry.used_by.push_back(project);
    if (std::find(pinned.begin(), pinned.end(), entry.name) != pinned.end()) entry.used_by.push_back("pinned by the manifest");
    (entry.used_by.empty() ? report.removable : report.kept).push_back(std::move(entry));
  }
  if (remove)
    for (const ReleaseEntry& entry : report.removable)
      if (Status removed = host.remove(entry.path); !removed) return removed;
  return report;
}

}  // namespace clawform
