#include "tests/support/synthetic_host.h"

#include <fmt/format.h>

namespace clawform::testing {

namespace {

PathState absent(const std::string& path) { return PathState{path, false, "", 0, 0, 0}; }
PathState dir(const std::string& path, unsigned mode) { return PathState{path, true, "dir", mode, 501, 0}; }
PathState file(const std::string& path, unsigned mode, std::uint64_t size) {
  return PathState{path, true, "file", mode, 501, size};
}

InstanceState base_instance(const DesiredInstance& d) {
  InstanceState i;
  i.instance = d.layout.instance;
  for (const DesiredProject& p : d.projects) i.projects.push_back(p.name);
  i.state_dir = d.layout.state_dir;
  i.config_path = d.layout.config_path;
  // The fixtures' given openclaw is 2026.9.6; an instance on a release runs its version.
  i.openclaw_version = d.openclaw.release ? d.openclaw.version : "2026.9.6";
  i.node_version = "24.21.0";
  i.service.manager = d.layout.service_manager;
  i.service.name = d.layout.service_name;
  i.gateway.port = d.layout.port;
  return i;
}

std::string plugin_id(const std::string& package) {
  std::size_t slash = package.rfind('/');
  return slash == std::string::npos ? package : package.substr(slash + 1);
}

}  // namespace

Result<std::string> CanarySecrets::read_value(const KeyRef& ref) {
  std::string value = fmt::format("canary-{}-{}", handed_out_.size() + 1, ref.describe());
  handed_out_.insert(value);
  return value;
}

DesiredState fixture_desired(const Manifest& manifest, const std::string& root, SecretSource& secrets,
                             std::vector<PlanError>& errors) {
  HostPaths paths = host_paths(manifest.host.os, root, "/unused");
  KeyedDigester digester(kFixtureDigestKey);
  return compile_desired(manifest, paths, GivenOpenClaw{kFixtureOpenclaw}, secrets, digester, errors);
}

LiveState fresh_live(const DesiredState& desired, const std::string& root) {
  LiveState live;
  live.root = root;
  for (const DesiredInstance& d : desired.instances) {
    InstanceState i = base_instance(d);
    i.state_dir_path = absent(d.layout.state_dir);
    for (const DesiredProject& p : d.projects) {
      ProjectFiles f{p.name, absent(p.workspace), {}};
      f.secrets.dir = absent(p.secrets_dir.empty() ? d.layout.state_dir : p.secrets_dir);
      f.secrets.key_file = absent(p.key_file);
      i.files.push_back(std::move(f));
    }
    i.service.file = absent(d.layout.service_file);
    i.gateway.health = {false, 0, 0, "connection refused"};
    i.gateway.ready = {false, 0, 0, "connection refused"};
    live.instances.push_back(std::move(i));
  }
  return live;
}

LiveState converged_live(const DesiredState& desired, const std::string& root) {
  LiveState live;
  live.root = root;
  for (const DesiredInstance& d : desired.instances) {
    InstanceState i = base_instance(d);
    i.state_dir_path = dir(d.layout.state_dir, 0700);
    i.config.exists = true;
    i.config.values = d.config;
    for (const DesiredPlugin& p : d.plugins) {
      std::string id = plugin_id(p.package);
      i.plugins.push_back({id, id, p.version, "global", true, "loaded", "npm", p.package + "@" + p.version, ""});
      i.config.values["plugins.entries." + id + ".enabled"] = true;
    }
    for (const DesiredProject& p : d.projects) {
      ProjectFiles f{p.name, dir(p.workspace, 0755), {}};
      f.secrets.dir = dir(p.secrets_dir.empty() ? d.layout.state_dir : p.secrets_dir, 0700);
      if (!p.key_digests.empty()) {
        f.secrets.key_file = file(p.key_file, 0600, 64 * p.key_digests.size());
        f.secrets.key_digests = p.key_digests;
      } else {
        f.secrets.key_file = absent(p.key_file);
      }
      i.files.push_back(std::move(f));
    }
    i.service.file = file(d.layout.service_file, 0644, d.service_content.size());
    i.service.content_digest = d.service_content_digest;
    i.openclaw_binary = d.openclaw.binary;  // the binary its service file names
    i.gateway.health = {true, 200, 3.5, ""};
    i.gateway.startup = {true, 200, 3.8, ""};
    i.gateway.ready = {true, 200, 4.0, ""};
    i.gateway.ok = true;
    i.gateway.status = "live";
    i.gateway.startup_ok = true;
    i.gateway.startup_status = "started";
    i.gateway.is_ready = true;
    live.instances.push_back(std::move(i));
  }
  return live;
}

}  // namespace clawform::testing
