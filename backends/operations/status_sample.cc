#include "backends/operations/status_sample.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends/file_io.h"
#include "backends/npm_install_record.h"
#include "backends/operations/checklist_capture.h"
#include "backends/parallel.h"

namespace clawform {

namespace {

namespace fs = std::filesystem;

// Whether `path` is `dir` or lies under it (lexically: both are layout paths).
bool inside(const std::string& path, const std::string& dir) {
  const std::string p = fs::path(path).lexically_normal().string();
  std::string d = fs::path(dir).lexically_normal().string();
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  return p == d || p.rfind(d + "/", 0) == 0;
}

// The names the root package of a package-lock.json depends on
// (packages[""].dependencies); empty when it names none.
std::set<std::string> root_dependencies(const nlohmann::json& lock) {
  std::set<std::string> names;
  auto packages = lock.find("packages");
  if (packages == lock.end() || !packages->is_object()) return names;
  auto root = packages->find("");
  if (root == packages->end() || !root->is_object()) return names;
  auto dependencies = root->find("dependencies");
  if (dependencies == root->end() || !dependencies->is_object()) return names;
  for (const auto& [name, version] : dependencies->items()) names.insert(name);
  return names;
}

const Project* project_named(const Manifest& manifest, const std::string& name) {
  for (const Project& p : manifest.projects)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

std::map<std::string, InstalledPackage> installed_packages(const std::string& state_dir,
                                                           const std::set<std::string>& packages) {
  std::map<std::string, InstalledPackage> found;
  if (packages.empty()) return found;
  std::vector<fs::path> projects;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(state_dir + "/npm/projects", ec))
    if (e.path().filename().string().front() != '.' && e.is_directory(ec)) projects.push_back(e.path());
  std::sort(projects.begin(), projects.end());

  std::string unreadable;  // the first lock that could not be read, and why
  for (const fs::path& project : projects) {
    const std::string lock_path = (project / "package-lock.json").string();
    Result<std::string> text = read_file(lock_path);
    if (!text) {
      if (unreadable.empty()) unreadable = text.message();
      continue;
    }
    const nlohmann::json lock = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (lock.is_discarded() || !lock.is_object()) {
      if (unreadable.empty()) unreadable = lock_path + ": not a JSON object (npm's install record)";
      continue;
    }
    const std::set<std::string> dependencies = root_dependencies(lock);
    for (const std::string& package : packages) {
      if (found.count(package)) continue;
      if (!dependencies.empty() && !dependencies.count(package)) continue;
      if (text->find("\"node_modules/" + package + "\"") == std::string::npos) continue;
      Result<InstallRecord> record = parse_install_record(*text, lock_path, package);
      found[package] = record ? InstalledPackage{record->version, ""} : InstalledPackage{"", record.message()};
    }
  }
  if (!unreadable.empty())
    for (const std::string& package : packages)
      if (!found.count(package)) found[package] = {"", "no install record found; " + unreadable};
  return found;
}

std::uint64_t state_dir_bytes(const std::string& state_dir) { return inventory_tree(state_dir, {"cache", "tmp"}).bytes; }

std::uint64_t workspace_bytes(const std::string& workspace, const std::string& state_dir) {
  return workspace.empty() || inside(workspace, state_dir) ? 0 : inventory_tree(workspace).bytes;
}

std::vector<ProjectStatus> sample_projects(Host& host, const Manifest& manifest, const HostPaths& paths,
                                           const StatusSampleOptions& options) {
  const std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  // The service state first, one instance at a time: a Host is not shared
  // across threads; the probes and walks below need no Host state.
  std::vector<bool> running;
  for (const InstanceLayout& layout : layouts) running.push_back(host.gateway_running(layout));

  std::vector<std::vector<ProjectStatus>> per_instance(layouts.size());
  run_parallel(layouts.size(), options.jobs, [&](std::size_t i) {
    const InstanceLayout& layout = layouts[i];
    const GatewayState gateway = host.probe_gateway(layout.port, options.probe_timeout);
    std::set<std::string> wanted;
    for (const ProjectLayout& p : layout.projects)
      if (const Project* project = project_named(manifest, p.project)) {
        for (const PluginPin& pin : project->plugins) wanted.insert(pin.package);
        for (const Removal& r : project->remove_plugins) wanted.insert(r.name);
      }
    const std::map<std::string, InstalledPackage> installed = installed_packages(layout.state_dir, wanted);
    const std::uint64_t state_bytes = state_dir_bytes(layout.state_dir);
    for (const ProjectLayout& p : layout.projects) {
      const Project* project = project_named(manifest, p.project);
      if (!project) continue;
      ProjectStatus status;
      status.project = p.project;
      status.instance = layout.instance;
      status.port = layout.port;
      status.service = running[i] ? "running" : "stopped";
      status.health = health_probe(gateway);
      status.startup = startup_probe(gateway);
      status.ready = ready_probe(gateway);
      status.version = gateway.startup_version.value_or("");
      status.manifest_version = project_openclaw_version(manifest, *project);
      status.pins = compare_pins(*project, installed);
      status.disk_bytes = state_bytes + workspace_bytes(p.workspace, layout.state_dir);
      per_instance[i].push_back(std::move(status));
    }
  });
  std::vector<ProjectStatus> projects;
  for (auto& statuses : per_instance)
    for (ProjectStatus& s : statuses) projects.push_back(std::move(s));
  return projects;
}

}  // namespace clawform
