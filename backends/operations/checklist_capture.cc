#include "backends/operations/checklist_capture.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/digest.h"
#include "backends/host_lock.h"

namespace clawform {

namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string name;  // relative to the walked dir, '/'-separated
  std::uint64_t size = 0;
};

// Appends every entry below `dir` (relative names under `prefix`). Errors
// (an entry gone mid-walk, an unreadable dir) leave that entry out.
void walk(const fs::path& dir, const std::string& prefix, const std::set<std::string>& skip,
          std::vector<Entry>& entries) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (prefix.empty() && skip.contains(name)) continue;
    std::error_code stat_error;
    const fs::file_status status = it->symlink_status(stat_error);
    if (stat_error) continue;
    const std::string relative = prefix.empty() ? name : prefix + "/" + name;
    if (fs::is_directory(status)) {
      entries.push_back({relative + "/", 0});
      walk(it->path(), relative, skip, entries);
    } else {
      std::error_code size_error;
      const std::uintmax_t size = fs::is_regular_file(status) ? fs::file_size(it->path(), size_error) : 0;
      if (size_error) continue;  // vanished between the listing and the stat
      entries.push_back({relative, size});
    }
  }
}

std::string probe_line(const HttpCheck& check, const std::string& what) {
  if (!check.reachable) return check.error.empty() ? "not probed" : "unreachable: " + check.error;
  return what.empty() ? std::to_string(check.http_status) : fmt::format("{} {}", check.http_status, what);
}

std::string health_line(const GatewayState& g) {
  return probe_line(g.health, g.live() ? "live" : g.status.value_or("not live"));
}

std::string startup_line(const GatewayState& g) {
  std::string what = g.startup_status.value_or("");
  if (g.startup_pending) what += fmt::format(" (pending: {})", *g.startup_pending);
  return probe_line(g.startup, what);
}

std::string ready_line(const GatewayState& g) {
  std::string what = g.is_ready.value_or(false) ? "ready" : "not ready";
  if (!g.failing.empty()) what += fmt::format(" (failing: {})", fmt::join(g.failing, ", "));
  return probe_line(g.ready, what);
}

std::string service_line(const InstanceState& live) {
  const ServiceState& s = live.service;
  if (!s.file.exists) return "absent";
  return fmt::format("{} ({} {})", live.gateway.health.reachable ? "running" : "stopped", s.manager, s.name);
}

}  // namespace

TreeInventory inventory_tree(const std::string& dir, const std::set<std::string>& skip_top_level) {
  std::vector<Entry> entries;
  walk(dir, "", skip_top_level, entries);
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  TreeInventory inventory;
  std::string listing;
  for (const Entry& e : entries) {
    if (!e.name.ends_with('/')) ++inventory.files;
    inventory.bytes += e.size;
    listing += e.name;
    listing += '\0';
    listing += std::to_string(e.size);
    listing += '\n';
  }
  inventory.digest = sha256_hex(listing);
  return inventory;
}

std::vector<ProjectChecklist> instance_checklist(const InstanceState& live) {
  const std::uint64_t state_bytes =
      live.state_dir_path.exists ? inventory_tree(live.state_dir, {"cache", "tmp"}).bytes : 0;
  std::map<std::string, std::string> plugins;
  for (const PluginState& p : live.plugins)
    plugins[p.id] = fmt::format("{} {}", p.version, p.enabled ? "enabled" : "disabled");
  std::vector<ProjectChecklist> out;
  for (const ProjectFiles& files : live.files) {
    ProjectChecklist p;
    p.project = files.project;
    p.instance = live.instance;
    p.openclaw_version = live.openclaw_version.value_or("");
    p.plugins = plugins;
    p.health = health_line(live.gateway);
    p.startup = startup_line(live.gateway);
    p.ready = ready_line(live.gateway);
    p.port = live.gateway.port;
    p.service = service_line(live);
    p.workspace = inventory_tree(files.workspace.path);
    p.state_bytes = state_bytes;
    out.push_back(std::move(p));
  }
  return out;
}

Checklist checklist_of(const LiveState& live, const std::string& label) {
  Checklist checklist{.captured_at = utc_now(), .label = label, .projects = {}};
  for (const InstanceState& instance : live.instances)
    for (ProjectChecklist& p : instance_checklist(instance)) checklist.projects.push_back(std::move(p));
  return checklist;
}

namespace {

Result<Checklist> checklist_of_complete(const LiveState& live, const std::string& label) {
  Checklist checklist{.captured_at = utc_now(), .label = label, .projects = {}};
  for (const InstanceState& instance : live.instances) {
    if (!instance.complete()) {
      const DiscoveryError& e = instance.errors.front();
      const std::string ran = e.command.empty() ? "" : fmt::format(" (ran: {})", e.command);
      return Status::error(fmt::format("project {}: the checklist could not be captured: {} failed: {}{}",
                                       fmt::join(instance.projects, ", "), e.step, e.message, ran));
    }
    for (ProjectChecklist& p : instance_checklist(instance)) checklist.projects.push_back(std::move(p));
  }
  return checklist;
}

}  // namespace

Result<Checklist> capture_checklist(Host& host, const Manifest& manifest, const DiscoverOptions& options,
                                    const std::string& label) {
  return checklist_of_complete(discover(host, manifest, options), label);
}

Result<Checklist> capture_checklist(const Manifest& manifest, const DiscoverOptions& options, const std::string& label) {
  return checklist_of_complete(discover(manifest, options), label);
}

}  // namespace clawform
