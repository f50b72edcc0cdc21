#include "compiler/ticket/boundaries.h"

#include <fmt/format.h>

namespace clawform {

namespace {

// The key a project's gateway token is written under reads as what the
// manifest calls it.
std::string key_label(const ProjectKey& key) {
  const std::string name = key.name == kGatewayTokenKey ? "gateway_token" : key.name;
  return fmt::format("{} <- {}", name, key.ref.describe());
}

std::string gateway_auth(const Manifest& manifest, const Project& project) {
  const AuthMode mode = project_auth_mode(manifest, project);
  std::string out(auth_mode_name(mode));
  if (manifest.topology == Topology::A && manifest.gateway.auth.secret)
    out += fmt::format(" ({})", manifest.gateway.auth.secret->describe());
  if (mode == AuthMode::None && project.unauthenticated_gateway) out += " (waived in the manifest)";
  return out;
}

// Which boundary a config path belongs to: gateway.* is the gateway's, a
// model setting the model's; the rest (update.*, browser.*) none of the five.
std::optional<Boundary> config_boundary(const std::string& path) {
  if (path.starts_with("gateway.")) return Boundary::Gateway;
  if (path.find("model") != std::string::npos) return Boundary::Model;
  return std::nullopt;
}

}  // namespace

std::vector<ProjectBoundaries> project_boundaries(const Manifest& manifest, const std::vector<InstanceLayout>& layouts) {
  std::vector<ProjectBoundaries> out;
  for (const Project& project : manifest.projects) {
    ProjectBoundaries b;
    b.project = project.name;
    b.tag = project.name;
    b.model = project.model;
    for (const ProjectKey& key : project.keys) b.keys.push_back(key_label(key));
    for (const PluginPin& pin : project.plugins)
      b.plugins.push_back(fmt::format("{}@{}{}", pin.package, pin.version,
                                      pin.channel == PluginChannel::Beta ? " (beta)" : ""));
    b.bind = std::string(bind_mode_name(manifest.gateway.bind));
    b.auth = gateway_auth(manifest, project);
    for (const InstanceLayout& layout : layouts)
      for (const ProjectLayout& p : layout.projects) {
        if (p.project != project.name) continue;
        b.instance = layout.instance;
        b.os_user = layout.os_user.empty() ? "operator" : layout.os_user;
        b.state_dir = layout.state_dir;
        b.workspace = p.workspace;
        b.key_file = p.key_file;
        b.port = layout.port;
        b.service = layout.service_manager + " " + layout.service_name;
      }
    out.push_back(std::move(b));
  }
  return out;
}

std::set<Boundary> changed_boundaries(const Plan& plan, const ProjectBoundaries& project) {
  std::set<Boundary> changed;
  for (const Step& step : plan.steps) {
    if (step.action == Action::Check) continue;
    if (step.project != project.project && step.project != project.instance) continue;
    switch (step.kind) {
      case StepKind::StateDir:
      case StepKind::Workspace:
      case StepKind::Restore: changed.insert(Boundary::Data); break;
      case StepKind::SecretsDir:
      case StepKind::KeyFile: changed.insert(Boundary::Credentials); break;
      case StepKind::Plugin: changed.insert(Boundary::Plugins); break;
      case StepKind::Service:
      case StepKind::Linger: changed.insert(Boundary::Gateway); break;
      case StepKind::Config:
        for (const auto& [path, value] : step.as<ConfigTarget>().set)
          if (std::optional<Boundary> b = config_boundary(path)) changed.insert(*b);
        break;
      case StepKind::OpenClaw:
      case StepKind::Gateway:
      case StepKind::Health:
      case StepKind::Doctor: break;
    }
  }
  return changed;
}

}  // namespace clawform
