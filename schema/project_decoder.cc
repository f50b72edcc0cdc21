// Decoding projects: each project's fields, its key references (masked in
// diagnostics: an operator may have pasted a value) and its plugin pins.
#include "schema/decoder.h"

namespace clawform::decoding {

// A key reference. Any problem inside one is reported with the source line
// masked from the problem's column on: the operator may have pasted a value.
std::optional<KeyRef> Decoder::decode_key_ref(const YamlNode& node, const std::string& path) {
  if (node.is_scalar()) {
    error("key-inline-value", node.location,
          fmt::format("{} must be a reference such as {{from: env, var: NAME}}; a secret value "
                      "never belongs in the manifest",
                      path),
          true);
    return std::nullopt;
  }
  const ObjectSpec& spec = object_spec("key_ref");
  if (!check_object(node, spec, path, node.location, true)) return std::nullopt;
  KeyRef ref;
  ref.location = node.location;
  const YamlNode* from = get(node, "from");
  if (!from) return std::nullopt;
  const FieldSpec& from_field = *spec.field("from");
  if (!from->is_scalar() ||
      std::find(from_field.values.begin(), from_field.values.end(), from->scalar) == from_field.values.end()) {
    error("invalid-value", from->location,
          fmt::format("{}.from must be one of {}", path, join_values(from_field.values)), true);
    return std::nullopt;
  }
  ref.source = from->scalar == "env"    ? KeyRef::Source::Env
               : from->scalar == "file" ? KeyRef::Source::File
                                        : KeyRef::Source::Keychain;
  std::string_view required = ref.source == KeyRef::Source::Env    ? "var"
                              : ref.source == KeyRef::Source::File ? "path"
                                                                   : "service";
  for (const auto& [key, value] : node.entries) {
    if (key->scalar == "from" || !spec.field(key->scalar)) continue;
    bool belongs = key->scalar == required || (ref.source == KeyRef::Source::Keychain && key->scalar == "account");
    if (!belongs) {
      error("unknown-key", key->location,
            fmt::format("\"{}\" does not apply to a reference from {}", key->scalar, from->scalar), true);
      continue;
    }
    if (!value->is_scalar()) {
      wrong_type(*value, path_of(path, key->scalar), "a string", true);
      continue;
    }
    std::string& out = key->scalar == "var"       ? ref.var
                       : key->scalar == "path"    ? ref.path
                       : key->scalar == "service" ? ref.service
                                                  : ref.account;
    out = value->scalar;
  }
  const YamlNode* need = get(node, required);
  if (!need) {
    error("missing-field", node.location,
          fmt::format("{} from {} is missing required key \"{}\"", path, from->scalar, required), true);
    return std::nullopt;
  }
  if (ref.source == KeyRef::Source::Env && !ref.var.empty() && !is_env_var_name(ref.var))
    error("bad-name", need->location,
          fmt::format("{}.var must be an environment variable name ({})", path, patterns::kEnvVarName), true);
  if (ref.source == KeyRef::Source::File && !ref.path.empty() && ref.path[0] != '/')
    error("invalid-value", need->location, fmt::format("{}.path must be an absolute path", path), true);
  return ref;
}

void Decoder::decode_projects(const YamlNode& node, Manifest& m) {
  if (!node.is_map()) {
    wrong_type(node, "projects", "a mapping of project names to projects");
    return;
  }
  if (node.entries.empty()) {
    error("invalid-value", node.location, "projects must name at least one project");
    return;
  }
  m.projects.reserve(node.entries.size());
  for (const auto& [key, value] : node.entries) m.projects.push_back(decode_project(*key, *value, m.defaults));
}

Project Decoder::decode_project(const YamlNode& key, const YamlNode& node, const Defaults& defaults) {
  Project p;
  p.name = key.scalar;
  p.location = key.location;
  p.model = defaults.model;
  p.update_channel = defaults.update_channel;
  const std::string where = fmt::format("projects.{}", p.name);
  if (!is_project_name(p.name))
    error("bad-name", key.location,
          fmt::format("project name \"{}\" must match {} (lower case letters, digits and '-')", p.name,
                      patterns::kProjectName));
  if (node.is_null()) return p;  // a project with every default
  const ObjectSpec& spec = object_spec("project");
  if (!check_object(node, spec, where, key.location)) return p;
  // A misspelt key was written: lints must not also call it missing.
  for (const auto& [field, at] : misspelt_) {
    if (field == "port") p.port_location = at;
    if (field == "user") p.user_location = at;
    if (field == "model") p.model_location = at;
  }

  if (const YamlNode* n = get(node, "port")) {
    p.port_location = n->location;
    if (auto v = read_integer(n, where + ".port", *spec.field("port"))) p.port = static_cast<int>(*v);
  }
  if (const YamlNode* n = get(node, "user")) {
    p.user_location = n->location;
    if (auto v = read_string(n, where + ".user")) {
      if (is_user_name(*v))
        p.user = *v;
      else
        error("bad-name", n->location,
              fmt::format("{}.user \"{}\" must be an OS user name ({})", where, *v, patterns::kUserName));
    }
  }
  if (const YamlNode* n = get(node, "model")) {
    p.model_location = n->location;
    if (auto v = read_string(n, where + ".model")) p.model = *v;
  }
  if (const YamlNode* n = get(node, "keys")) decode_keys(*n, where, p);
  if (const YamlNode* n = get(node, "gateway_token")) {
    p.gateway_token_location = n->location;
    if (auto ref = decode_key_ref(*n, where + ".gateway_token"))
      p.keys.push_back({kGatewayTokenKey, std::move(*ref), key_location(node, "gateway_token")});
  }
  if (const YamlNode* n = get(node, "unauthenticated_gateway")) {
    p.unauthenticated_gateway_location = n->location;
    if (auto v = read_string(n, where + ".unauthenticated_gateway")) {
      if (v->find_first_not_of(" \t") != std::string::npos)
        p.unauthenticated_gateway = *v;
      else
        error("invalid-value", n->location,
              fmt::format("{}.unauthenticated_gateway must say why this project's gateway may run without "
                          "auth",
                          where));
    }
  }
  if (const YamlNode* n = get(node, "plugins")) decode_plugins(*n, where, p);
  if (const YamlNode* n = get(node, "openclaw")) {
    const std::string path = where + ".openclaw";
    if (check_object(*n, object_spec("project_openclaw"), path, key_location(node, "openclaw"))) {
      if (const YamlNode* v = get(*n, "version")) {
        p.openclaw_version_location = v->location;
        if (auto version = read_string(v, path + ".version")) p.openclaw_version = *version;
      }
    }
  }
  if (auto v = read_bool(get(node, "canary"), where + ".canary")) p.canary = *v;
  if (const YamlNode* n = get(node, "browser")) {
    p.browser_location = n->location;
    if (auto v = read_bool(n, where + ".browser")) p.browser = *v;
  }
  if (const YamlNode* n = get(node, "workspace")) {
    p.workspace_location = n->location;
    if (auto v = read_string(n, where + ".workspace")) {
      if (is_workspace_path(*v))
        p.workspace = *v;
      else
        error("invalid-value", n->location,
              fmt::format("{}.workspace must be an absolute path or start with ~/, without \"..\"", where));
    }
  }
  if (const YamlNode* n = get(node, "remove_plugins"))
    p.remove_plugins = read_removals(*n, where + ".remove_plugins", is_npm_package, "an npm package name");
  if (const YamlNode* n = get(node, "update_channel")) {
    p.update_channel_location = n->location;
    if (auto v = read_enum(n, spec, "update_channel", where)) p.update_channel = static_cast<UpdateChannel>(*v);
  }
  return p;
}

void Decoder::decode_keys(const YamlNode& node, const std::string& where, Project& p) {
  if (node.is_null()) return;
  if (!node.is_map()) {
    wrong_type(node, where + ".keys", "a mapping of key names to references", true);
    return;
  }
  for (const auto& [key, value] : node.entries) {
    std::string path = fmt::format("{}.keys.{}", where, key->scalar);
    if (!is_key_name(key->scalar))
      error("bad-name", key->location,
            fmt::format("key name \"{}\" in {}.keys must match {}", key->scalar, where, patterns::kKeyName), true);
    if (key->scalar == kGatewayTokenKey)
      error("bad-name", key->location,
            fmt::format("key name {} in {}.keys is reserved for the gateway token; write {}.gateway_token", key->scalar,
                        where, where),
            true);
    else if (auto ref = decode_key_ref(*value, path))
      p.keys.push_back({key->scalar, std::move(*ref), key->location});
  }
}

void Decoder::decode_plugins(const YamlNode& node, const std::string& where, Project& p) {
  if (node.is_null()) return;
  if (!node.is_map()) {
    wrong_type(node, where + ".plugins", "a mapping of npm package names to versions");
    return;
  }
  const ObjectSpec& spec = object_spec("plugin");
  for (const auto& [key, value] : node.entries) {
    PluginPin pin;
    pin.package = key->scalar;
    pin.location = key->location;
    std::string path = fmt::format("{}.plugins[\"{}\"]", where, pin.package);
    if (!is_npm_package(pin.package))
      error("bad-name", key->location,
            fmt::format("plugin \"{}\" in {} is not an npm package name", pin.package, where));
    const YamlNode* version = value;
    if (value->is_map()) {
      if (!check_object(*value, spec, path, key->location)) continue;
      version = get(*value, "version");
      if (const YamlNode* channel = get(*value, "channel")) {
        pin.channel_location = channel->location;
        if (auto v = read_enum(channel, spec, "channel", path)) pin.channel = static_cast<PluginChannel>(*v);
      }
      if (!version) continue;  // reported as missing-field
    }
    pin.version_location = version->is_null() ? key->location : version->location;
    if (version->is_scalar())
      pin.version = version->scalar;
    else if (!version->is_null())
      wrong_type(*version, path, "a version string or {version, channel}");
    p.plugins.push_back(std::move(pin));
  }
}

}  // namespace clawform::decoding
