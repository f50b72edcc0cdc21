#include "compiler/config_registry.h"

#include "compiler/desired.h"

namespace clawform {

namespace {

using nlohmann::json;
using Shape = ConfigShape;

json env_secret_ref(const std::string& name) { return {{"id", name}, {"provider", "default"}, {"source", "env"}}; }

DesiredValues one(json value) { return {{"", std::move(value)}}; }

// Topology A: one shared instance whose projects are agents.
bool shared(const DesiredContext& c) { return c.manifest.topology == Topology::A; }

}  // namespace

InstanceGatewayAuth instance_gateway_auth(const DesiredContext& c) {
  // B and C: the instance's one project decides (its own gateway_token, its
  // unauthenticated_gateway opt-out, else the fleet's gateway.auth).
  const Project* owner = shared(c) || c.projects.empty() ? nullptr : c.projects.front();
  InstanceGatewayAuth auth;
  auth.mode = owner ? project_auth_mode(c.manifest, *owner) : c.manifest.gateway.auth.mode;
  auth.own_token = owner && has_own_gateway_token(*owner);
  auth.fleet_secret = c.manifest.gateway.auth.secret && !auth.own_token && auth.mode != AuthMode::None;
  return auth;
}

namespace {

DesiredValues gateway_mode(const DesiredContext&) { return one("local"); }
DesiredValues gateway_port(const DesiredContext& c) { return one(c.layout.port); }
DesiredValues gateway_bind(const DesiredContext& c) { return one(std::string(bind_mode_name(c.manifest.gateway.bind))); }
DesiredValues gateway_auth_mode(const DesiredContext& c) {
  return one(std::string(auth_mode_name(instance_gateway_auth(c).mode)));
}

// The gateway's token or password: a reference to the instance's key file.
DesiredValues gateway_secret(const DesiredContext& c, bool password) {
  const InstanceGatewayAuth auth = instance_gateway_auth(c);
  if (auth.own_token) return password ? DesiredValues{} : one(env_secret_ref(kGatewaySecretName));
  if (!auth.fleet_secret || (auth.mode == AuthMode::Password) != password) return {};
  return one(env_secret_ref(kGatewaySecretName));
}
DesiredValues gateway_token(const DesiredContext& c) { return gateway_secret(c, false); }
DesiredValues gateway_password(const DesiredContext& c) { return gateway_secret(c, true); }

// A: the fleet default; B and C: the instance's project's own.
DesiredValues default_model(const DesiredContext& c) {
  DesiredValues out;
  if (shared(c)) {
    if (!c.manifest.defaults.model.empty()) out[""] = c.manifest.defaults.model;
  } else {
    for (const Project* p : c.projects)
      if (!p->model.empty()) out[""] = p->model;
  }
  return out;
}

DesiredValues update_channel(const DesiredContext& c) {
  if (shared(c)) return one(std::string(update_channel_name(c.manifest.defaults.update_channel)));
  DesiredValues out;
  for (const Project* p : c.projects) out[""] = std::string(update_channel_name(p->update_channel));
  return out;
}

// OpenClaw's browser, on unless the manifest turns it off (A: on while any
// project wants it). Written either way, so that the ports the port-overlap
// lint reserved are the ones the instance takes.
DesiredValues browser_enabled(const DesiredContext& c) {
  bool on = c.projects.empty();
  for (const Project* p : c.projects) on = on || p->browser;
  return one(on);
}
// Always off: OpenClaw's background updater would move the core and its
// official plugins away from the manifest's pins (docs/apply.md, "OpenClaw's
// own updaters"). OpenClaw's default is already false; writing it makes an
// operator's `config set update.auto.enabled true` show as drift.
DesiredValues auto_update(const DesiredContext&) { return one(false); }

// B and C: each PROVIDER_API_KEY key, by reference to the key file.
DesiredValues provider_api_keys(const DesiredContext& c) {
  DesiredValues out;
  if (shared(c)) return out;
  for (const Project* p : c.projects)
    for (const ProjectKey& key : p->keys)
      if (std::string provider = provider_of_key(key.name); !provider.empty()) out[provider] = env_secret_ref(key.name);
  return out;
}

// A: one agent per project.
DesiredValues agent_workspaces(const DesiredContext& c) {
  DesiredValues out;
  if (!shared(c)) return out;
  for (const ProjectLayout& pl : c.layout.projects) out[pl.project] = pl.workspace;
  return out;
}

DesiredValues agent_models(const DesiredContext& c) {
  DesiredValues out;
  if (!shared(c)) return out;
  for (const Project* p : c.projects)
    if (!p->model.empty()) out[p->name] = p->model;
  return out;
}

const std::vector<ConfigEntry> kRegistry = {
    {"gateway.port", Shape::Integer, "gateway.port", gateway_port},
    {"gateway.bind", Shape::String, "gateway.bind", gateway_bind},
    {"gateway.mode", Shape::String, "gateway.mode", gateway_mode},
    {"gateway.auth.mode", Shape::String, "gateway.auth.mode", gateway_auth_mode},
    {"gateway.auth.token", Shape::SecretRef, "gateway.auth.secret", gateway_token},
    {"gateway.auth.password", Shape::SecretRef, "gateway.auth.secret", gateway_password},
    {"agents.defaults.model", Shape::Model, "agents.defaults.model", default_model},
    {"update.channel", Shape::String, "update.channel", update_channel},
    {"browser.enabled", Shape::Boolean, "browser.enabled", browser_enabled},
    {"update.auto.enabled", Shape::Boolean, "update.auto.enabled", auto_update},
    {"models.providers.*.apiKey", Shape::SecretRef, "provider.*", provider_api_keys},
    {"plugins.entries.*.enabled", Shape::Boolean, "plugin.*", nullptr},
    {"agents.entries.*.workspace", Shape::String, "agent.*.workspace", agent_workspaces},
    {"agents.entries.*.model", Shape::Model, "agent.*.model", agent_models},
};

std::string text_or_empty(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// `value` recorded as `shape`; nullopt when it is not one.
std::optional<json> record(Shape shape, const json& value) {
  switch (shape) {
    case Shape::Integer:
      if (value.is_number_integer()) return json(value.get<int>());
      return std::nullopt;
    case Shape::String:
      if (value.is_string()) return value;
      return std::nullopt;
    case Shape::Boolean:
      if (value.is_boolean()) return value;
      return std::nullopt;
    case Shape::SecretRef:
      if (value.is_string()) return json{{"source", "inline"}};  // a literal secret: never copied
      if (value.is_object())
        return json{{"id", text_or_empty(value, "id")},
                    {"provider", text_or_empty(value, "provider")},
                    {"source", text_or_empty(value, "source")}};
      return std::nullopt;
    case Shape::Model:
      if (value.is_string()) return value;
      if (value.is_object()) {
        auto primary = value.find("primary");
        if (primary != value.end() && primary->is_string()) return *primary;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

// The node at dotted `path` (without `*`) under `node`; every segment's
// parent must be an object.
const json* at_path(const json& node, std::string_view path) {
  const json* at = &node;
  while (true) {
    std::size_t dot = path.find('.');
    std::string_view segment = path.substr(0, dot);
    if (!at->is_object()) return nullptr;
    auto it = at->find(segment);
    if (it == at->end()) return nullptr;
    at = &*it;
    if (dot == std::string_view::npos) return at;
    path.remove_prefix(dot + 1);
  }
}

// "models.providers.*.apiKey" -> {"models.providers.", ".apiKey"}; the whole
// path and "" when there is no `*`.
std::pair<std::string_view, std::string_view> split_at_star(std::string_view pattern) {
  std::size_t star = pattern.find('*');
  if (star == std::string_view::npos) return {pattern, ""};
  return {pattern.substr(0, star), pattern.substr(star + 1)};
}

std::string expand(std::string_view pattern, std::string_view key) {
  auto [head, tail] = split_at_star(pattern);
  if (head.size() == pattern.size()) return std::string(pattern);
  return std::string(head).append(key).append(tail);
}

}  // namespace

const std::vector<ConfigEntry>& config_registry() { return kRegistry; }

std::optional<std::string> match_config_path(std::string_view pattern, std::string_view path) {
  auto [head, tail] = split_at_star(pattern);
  if (head.size() == pattern.size()) return path == pattern ? std::optional<std::string>("") : std::nullopt;
  if (path.size() < head.size() + tail.size() || !path.starts_with(head) || !path.ends_with(tail)) return std::nullopt;
  return std::string(path.substr(head.size(), path.size() - head.size() - tail.size()));
}

std::map<std::string, const json*> values_matching(std::string_view pattern, const ConfigValues& values) {
  std::map<std::string, const json*> out;
  const std::string head(split_at_star(pattern).first);
  for (auto it = values.lower_bound(head); it != values.end() && it->first.starts_with(head); ++it)
    if (std::optional<std::string> key = match_config_path(pattern, it->first)) out[*key] = &it->second;
  return out;
}

ConfigValues read_config_values(const json& document) {
  ConfigValues values;
  for (const ConfigEntry& e : kRegistry) {
    auto [head, tail] = split_at_star(e.path);
    if (head.size() == e.path.size()) {
      if (const json* node = at_path(document, e.path))
        if (std::optional<json> value = record(e.shape, *node)) values[std::string(e.path)] = std::move(*value);
      continue;
    }
    head.remove_suffix(1);  // "models.providers." -> "models.providers"
    tail.remove_prefix(1);  // ".apiKey" -> "apiKey"
    const json* container = at_path(document, head);
    if (!container || !container->is_object()) continue;
    for (const auto& [key, child] : container->items())
      if (const json* node = at_path(child, tail))
        if (std::optional<json> value = record(e.shape, *node)) values[expand(e.path, key)] = std::move(*value);
  }
  return values;
}

ConfigValues desired_config_values(const DesiredContext& context) {
  ConfigValues values;
  for (const ConfigEntry& e : kRegistry)
    if (e.desired)
      for (auto& [key, value] : e.desired(context)) values[expand(e.path, key)] = std::move(value);
  return values;
}

std::string config_value_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object())
    return text_or_empty(value, "source") + ":" + text_or_empty(value, "provider") + ":" + text_or_empty(value, "id");
  return value.dump();
}

}  // namespace clawform
