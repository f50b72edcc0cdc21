#include "compiler/desired.h"

#include <cctype>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/service_file.h"

namespace clawform {

static_assert(std::string_view(kGatewaySecretName) == kGatewayTokenKey, "one key-file name for the gateway token");

namespace {

nlohmann::json env_secret_ref(const std::string& name) {
  return {{"id", name}, {"provider", "default"}, {"source", "env"}};
}

}  // namespace

std::string provider_of_key(const std::string& key_name) {
  const std::string suffix = "_API_KEY";
  if (key_name.size() <= suffix.size() || !key_name.ends_with(suffix)) return {};
  std::string provider = key_name.substr(0, key_name.size() - suffix.size());
  for (char& c : provider) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return provider;
}

DesiredState compile_desired(const Manifest& manifest, const HostPaths& paths, const std::string& openclaw_binary,
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
    std::string error;
    std::optional<std::string> value = secrets.read(ref, error);
    if (!value) {
      errors.push_back({project, fmt::format("key {} ({}): {}", key, ref.describe(), error)});
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
    std::map<std::string, nlohmann::json>& config = instance.config;
    config["gateway.mode"] = "local";
    config["gateway.port"] = layout.port;
    config["gateway.bind"] = std::string(bind_mode_name(manifest.gateway.bind));
    // Gateway auth (issue 18): in B and C the instance's one project decides
    // (its own gateway_token, its unauthenticated_gateway opt-out, else the
    // fleet's gateway.auth); its token is a key like any other.
    const Project* owner = shared || layout.projects.empty() ? nullptr : by_name.at(layout.projects.front().project);
    const AuthMode auth_mode = owner ? project_auth_mode(manifest, *owner) : manifest.gateway.auth.mode;
    const bool own_token = owner && has_own_gateway_token(*owner);
    const bool fleet_secret = manifest.gateway.auth.secret && !own_token && auth_mode != AuthMode::None;
    config["gateway.auth.mode"] = std::string(auth_mode_name(auth_mode));
    if (own_token) config["gateway.auth.token"] = env_secret_ref(kGatewaySecretName);
    else if (fleet_secret)
      config[manifest.gateway.auth.mode == AuthMode::Password ? "gateway.auth.password" : "gateway.auth.token"] =
          env_secret_ref(kGatewaySecretName);

    for (const ProjectLayout& pl : layout.projects) {
      const Project& project = *by_name.at(pl.project);
      DesiredProject dp{pl.project, pl.workspace, shared ? pl.secrets_dir : "", pl.key_file, {}};
      for (const ProjectKey& key : project.keys) {
        // Errors name the manifest's field for the token, not its key-file name.
        const std::string label = key.name == kGatewaySecretName ? "gateway_token" : key.name;
        std::string digest = digest_of(project.name, label, key.ref);
        if (!digest.empty()) dp.key_digests[key.name] = digest;
        std::string provider = provider_of_key(key.name);
        if (!shared && !provider.empty()) config["models.providers." + provider + ".apiKey"] = env_secret_ref(key.name);
      }
      if (gateway_secret_digest && (shared || fleet_secret)) dp.key_digests[kGatewaySecretName] = *gateway_secret_digest;
      if (shared) {
        config["agents.entries." + project.name + ".workspace"] = pl.workspace;
        if (!project.model.empty()) config["agents.entries." + project.name + ".model"] = project.model;
      } else {
        if (!project.model.empty()) config["agents.defaults.model"] = project.model;
        config["update.channel"] = std::string(update_channel_name(project.update_channel));
      }
      for (const PluginPin& pin : project.plugins) {
        bool known = std::any_of(instance.plugins.begin(), instance.plugins.end(),
                                 [&](const DesiredPlugin& d) { return d.package == pin.package; });
        if (!known) instance.plugins.push_back({pin.package, pin.version});
      }
      for (const Removal& r : project.remove_plugins) instance.remove_plugins.push_back(r.name);
      instance.projects.push_back(std::move(dp));
    }
    if (shared) {
      if (!manifest.defaults.model.empty()) config["agents.defaults.model"] = manifest.defaults.model;
      config["update.channel"] = std::string(update_channel_name(manifest.defaults.update_channel));
    }
    instance.service_content = render_service_file(layout, openclaw_binary);
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
