#include "compiler/offline/aligned_state.h"

#include <algorithm>

namespace clawform {

namespace {

PathState absent(const std::string& path) {
  PathState state;
  state.path = path;
  return state;
}

GatewayState unprobed(int port) {
  GatewayState gateway;
  gateway.port = port;
  return gateway;
}

ServiceState absent_service(const InstanceLayout& layout) {
  ServiceState service;
  service.manager = layout.service_manager;
  service.name = layout.service_name;
  service.file = absent(layout.service_file);
  return service;
}

const InstanceState* recorded_instance(const std::vector<InstanceState>& list, const InstanceLayout& layout) {
  auto it = std::find_if(list.begin(), list.end(), [&](const InstanceState& i) {
    return i.instance == layout.instance && i.state_dir == layout.state_dir;
  });
  return it == list.end() ? nullptr : &*it;
}

ProjectFiles project_files(const InstanceState* recorded, const ProjectLayout& p) {
  if (recorded)
    for (const ProjectFiles& f : recorded->files)
      if (f.project == p.project && f.workspace.path == p.workspace && f.secrets.key_file.path == p.key_file) return f;
  ProjectFiles files;
  files.project = p.project;
  files.workspace = absent(p.workspace);
  files.secrets.dir = absent(p.secrets_dir);
  files.secrets.key_file = absent(p.key_file);
  return files;
}

// An instance the recording does not hold: nothing of it on the host. As
// discovery finds such an instance, its openclaw is the given one.
InstanceState absent_instance(const InstanceLayout& layout, const GivenOpenClaw& given) {
  InstanceState state;
  state.instance = layout.instance;
  state.state_dir = layout.state_dir;
  state.config_path = layout.config_path;
  state.state_dir_path = absent(layout.state_dir);
  state.openclaw_version = given.version;
  state.node_version = given.node_version;
  state.service = absent_service(layout);
  if (!layout.linger_file.empty()) state.linger = absent(layout.linger_file);
  state.gateway = unprobed(layout.port);
  return state;
}

InstanceState aligned_instance(const InstanceState* recorded, const InstanceLayout& layout,
                               const GivenOpenClaw& given) {
  InstanceState state = recorded ? *recorded : absent_instance(layout, given);
  state.projects.clear();
  state.files.clear();
  for (const ProjectLayout& p : layout.projects) {
    state.projects.push_back(p.project);
    state.files.push_back(project_files(recorded, p));
  }
  if (state.service.file.path != layout.service_file) state.service = absent_service(layout);
  // A gateway recorded on another port says nothing of the one planned now
  // (an instance of remove_projects has no port: it is found where it was).
  if (layout.port != 0 && state.gateway.port != layout.port) state.gateway = unprobed(layout.port);
  return state;
}

}  // namespace

LiveState align_recorded_state(const LiveState& recorded, const Manifest& manifest, const HostPaths& paths,
                               const GivenOpenClaw& given) {
  LiveState live;
  live.root = recorded.root;
  for (const InstanceLayout& layout : layout_instances(manifest, paths))
    live.instances.push_back(aligned_instance(recorded_instance(recorded.instances, layout), layout, given));
  for (const InstanceLayout& layout : removal_layouts(manifest, paths)) {
    const InstanceState* found = recorded_instance(recorded.removed, layout);
    if (!found) found = recorded_instance(recorded.instances, layout);  // removed by this change
    live.removed.push_back(aligned_instance(found, layout, given));
  }
  return live;
}

}  // namespace clawform
