#include "compiler/instance_layout.h"

#include <algorithm>

#include "compiler/clawform_dir.h"

namespace clawform {

namespace {

std::string expand_home(const std::string& path, const std::string& home, const std::string& root) {
  if (path.starts_with("~/")) return home + path.substr(1);
  return root + path;  // absolute paths map under --root too
}

void set_service(InstanceLayout& layout, HostOs os, const std::optional<std::string>& profile) {
  if (os == HostOs::MacOS) {
    layout.service_manager = "launchd";
    layout.service_name = profile ? "ai.openclaw." + *profile : "ai.openclaw.gateway";
    layout.service_file = layout.home + "/Library/LaunchAgents/" + layout.service_name + ".plist";
  } else {
    layout.service_manager = "systemd";
    layout.service_name = profile ? "openclaw-gateway-" + *profile + ".service" : "openclaw-gateway.service";
    layout.service_file = layout.home + "/.config/systemd/user/" + layout.service_name;
  }
}

}  // namespace

std::string linger_file(const std::string& user) { return "/var/lib/systemd/linger/" + user; }

HostPaths host_paths(HostOs os, const std::string& root, const std::string& real_home) {
  HostPaths paths;
  paths.root = root;
  paths.home_base = root + (os == HostOs::MacOS ? "/Users" : "/home");
  paths.operator_home = root.empty() ? real_home : paths.home_base + "/operator";
  paths.clawform_dir = ClawformDir::of(root, real_home).path;
  paths.real_users = root.empty();
  return paths;
}

std::vector<InstanceLayout> layout_instances(const Manifest& manifest, const HostPaths& paths) {
  std::vector<InstanceLayout> out;
  const HostOs os = manifest.host.os;
  auto finish = [&](InstanceLayout& layout) {
    layout.config_path = layout.state_dir + "/openclaw.json";
    set_service(layout, os, layout.profile);
    layout.pid_file = ClawformDir{paths.clawform_dir}.pid_file(layout.instance);
  };

  if (manifest.topology == Topology::A) {
    InstanceLayout layout;
    layout.instance = "default";
    layout.home = paths.operator_home;
    layout.state_dir = layout.home + "/.openclaw";
    layout.port = manifest.gateway.ports.first;
    for (const Project& p : manifest.projects) {
      std::string secrets = layout.state_dir + "/projects/" + p.name;
      layout.projects.push_back(
          {p.name,
           p.workspace ? expand_home(*p.workspace, layout.home, paths.root)
                       : layout.state_dir + "/workspace-" + p.name,
           secrets, secrets + "/keys.env"});
    }
    finish(layout);
    out.push_back(std::move(layout));
    return out;
  }

  for (const Project& p : manifest.projects) {
    InstanceLayout layout;
    if (manifest.topology == Topology::B) {
      layout.os_user = p.user.value_or(p.name);
      layout.instance = layout.os_user;
      layout.home = paths.home_base + "/" + layout.os_user;
      if (auto account = paths.accounts.find(layout.os_user); paths.real_users && account != paths.accounts.end()) {
        layout.account = account->second;
        layout.home = account->second.home;
        if (os == HostOs::Linux) layout.linger_file = linger_file(layout.os_user);
      }
      layout.state_dir = layout.home + "/.openclaw";
    } else {
      layout.instance = p.name;
      layout.profile = p.name;
      layout.home = paths.operator_home;
      layout.state_dir = layout.home + "/.openclaw-" + p.name;
    }
    layout.port = p.port.value_or(0);
    layout.projects.push_back({p.name,
                               p.workspace ? expand_home(*p.workspace, layout.home, paths.root)
                                           : layout.state_dir + "/workspace",
                               layout.state_dir, layout.state_dir + "/.env"});
    finish(layout);
    out.push_back(std::move(layout));
  }
  return out;
}

std::vector<InstanceLayout> removal_layouts(const Manifest& manifest, const HostPaths& paths) {
  if (manifest.topology == Topology::A || manifest.remove_projects.empty()) return {};
  Manifest removed;
  removed.host = manifest.host;
  removed.topology = manifest.topology;
  for (const Removal& r : manifest.remove_projects) {
    Project p;
    p.name = r.name;
    p.user = r.name;
    removed.projects.push_back(p);
  }
  return layout_instances(removed, paths);
}

bool serves_project(const InstanceLayout& layout, const std::string& project) {
  if (project == "default" && layout.instance == "default") return true;
  return std::any_of(layout.projects.begin(), layout.projects.end(),
                     [&](const ProjectLayout& p) { return p.project == project; });
}

}  // namespace clawform
