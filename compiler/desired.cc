#include "compiler/desired.h"

#include <cctype>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/config_registry.h"
#include "compiler/service_file.h"

namespace clawform {

std::string provider_of_key(const std::string& key_name) {
  const std::string suffix = "_API_KEY";
  if (key_name.size() <= suffix.size() || !key_name.ends_with(suffix)) return {};
  std::string provider = key_name.substr(0, key_name.size() - suffix.size());
  for (char& c : provider) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return provider;
}

DesiredState compile_desired(const Manifest& manifest, const HostPaths& paths, const GivenOpenClaw& given,
                             SecretSource& secrets, const Digester& digester, std::vector<PlanError>& errors) {
  DesiredState desired;
  std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  std::unordered_map<std::string, const Project*> by_name;
  for (const Project& p : manifest.projects) by_name[p.name] = &p;

  // Digest of every key value, to find two projects sharing one value.
  struct Use {
    std::string project, key;
  };
  std::unordered_map<std::string, Use> value_owner;
  auto digest_of = [&](const std::string& project, const std::string& key, const KeyRef& ref) -> std::string {
    Result<std::string> value = secrets.read(ref);
    if (!value) {
      errors.push_back({project, fmt::format("key {} ({}): {}", key, ref.describe(), value.message())});
      return {};
    }
    std::string digest = digester.secret_digest(*value);
    auto [it, inserted] = value_owner.try_emplace(digest, Use{project, key});
    if (!inserted && it->second.project != project) {
      const Use& owner = it->second;
      std::string other = owner.project.empty() ? "the gateway's " + owner.key
                                                : fmt::format("project {}'s key {}", owner.project, owner.key);
      errors.push_back({project, fmt::format("key {} has the same value as {}; each project needs its own key", key,
                                             other)});
    }
    return digest;
  };

  std::optional<std::string> gateway_secret_digest;
  if (manifest.gateway.auth.secret && manifest.topology == Topology::A)
    errors.push_back({"", "gateway.auth with a token or password is not supported in topology A yet: the shared "
                          "gateway reads ~/.openclaw/.env, which clawform does not manage there"});
  else if (manifest.gateway.auth.secret)
    gateway_secret_digest = digest_of("", "auth secret", *manifest.gateway.auth.secret);

  desired.instances.reserve(layouts.size());
  for (InstanceLayout& layout : layouts) {
    DesiredInstance instance;
    instance.projects.reserve(layout.projects.size());
    const bool shared = manifest.topology == Topology::A;
    DesiredContext context{manifest, layout, {}};
    for (const ProjectLayout& pl : layout.projects) context.projects.push_back(by_name.at(pl.project));
    const bool fleet_secret = instance_gateway_auth(context).fleet_secret;
    for (const ProjectLayout& pl : layout.projects) {
      const Project& project = *by_name.at(pl.project);
      DesiredProject dp{pl.project, pl.workspace, shared ? pl.secrets_dir : "", pl.key_file, {}};
      for (const ProjectKey& key : project.keys) {
        // Errors name the manifest's field for the token, not its key-file name.
        const std::string label = key.name == kGatewaySecretName ? "gateway_token" : key.name;
        std::string digest = digest_of(project.name, label, key.ref);
        if (!digest.empty()) dp.key_digests[key.name] = digest;
      }
      if (gateway_secret_digest && (shared || fleet_secret)) dp.key_digests[kGatewaySecretName] = *gateway_secret_digest;
      for (const PluginPin& pin : project.plugins) {
        bool known = std::any_of(instance.plugins.begin(), instance.plugins.end(),
                                 [&](const DesiredPlugin& d) { return d.package == pin.package; });
        if (!known) instance.plugins.push_back({pin.package, pin.version});
      }
      for (const Removal& r : project.remove_plugins) instance.remove_plugins.push_back(r.name);
      instance.projects.push_back(std::move(dp));
    }
    instance.config = desired_config_values(context);
    instance.openclaw = instance_openclaw(manifest, paths, layout, given);
    if (instance.openclaw.release) layout.openclaw = instance.openclaw.binary;
    instance.service_content = render_service_file(layout, instance.openclaw.binary);
    instance.service_content_digest = digester.content_digest(instance.service_content);
    instance.layout = std::move(layout);
    desired.instances.push_back(std::move(instance));
  }

  if (manifest.topology == Topology::A && !manifest.remove_projects.empty())
    errors.push_back({"", "remove_projects is not supported in topology A yet: a project there is an agent of the "
                          "shared instance; remove it by hand"});
  else
    desired.removed_instances = removal_layouts(manifest, paths);
  return desired;
}

}  // namespace clawform
