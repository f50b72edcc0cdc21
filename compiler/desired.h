#pragma once
// Desired state: what each instance of a manifest must look like on the
// host (design.md §2, §5). Key references are resolved only to digest their
// values; the values themselves do not outlive compile_desired().

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/host.h"
#include "compiler/instance_layout.h"
#include "compiler/instance_openclaw.h"
#include "schema/model.h"

namespace clawform {

// The name under which an instance's key file holds the gateway's token or
// password (topologies B and C).
inline constexpr const char* kGatewaySecretName = kGatewayTokenKey;  // schema/model.h

struct DesiredProject {
  std::string name;
  std::string workspace;
  std::string secrets_dir;  // empty when it is the state dir (topologies B and C)
  std::string key_file;
  std::map<std::string, std::string> key_digests;  // name -> digest; empty: no key file
};

struct DesiredPlugin {
  std::string package;  // npm package name
  std::string version;
};

struct DesiredInstance {
  InstanceLayout layout;  // layout.openclaw: openclaw.binary when it is not the given one
  InstanceOpenClaw openclaw;
  std::vector<DesiredProject> projects;
  // openclaw.json values by concrete dotted path, for the paths
  // compiler/config_registry.h manages (sorted: deterministic order).
  std::map<std::string, nlohmann::json> config;
  std::vector<DesiredPlugin> plugins;         // in manifest order
  std::vector<std::string> remove_plugins;    // npm package names
  std::string service_content;
  std::string service_content_digest;  // SHA-256, comparable with ServiceState::content_digest
};

struct PlanError {
  std::string project;  // "" for the fleet as a whole
  std::string message;
};

struct DesiredState {
  std::vector<DesiredInstance> instances;       // in manifest order
  std::vector<InstanceLayout> removed_instances; // remove_projects (topologies B and C)
};

// `given` is the openclaw clawform was given; each instance runs it or a
// release (compiler/instance_openclaw.h), and its service file names that
// binary. Errors (unresolvable keys, two projects with the same key value)
// go to `errors`, naming the project and the key name, never the value.
DesiredState compile_desired(const Manifest& manifest, const HostPaths& paths, const GivenOpenClaw& given,
                             SecretSource& secrets, const Digester& digester, std::vector<PlanError>& errors);

// "ANTHROPIC_API_KEY" -> "anthropic"; "" when the name is not PROVIDER_API_KEY.
std::string provider_of_key(const std::string& key_name);

}  // namespace clawform
