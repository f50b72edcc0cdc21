#include "schema/manifest_decoder.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "schema/edit_distance.h"
#include "schema/names.h"
#include "schema/vocabulary.h"

namespace clawform {

namespace {

std::string join_values(const std::vector<std::string_view>& values) {
  return fmt::format("{}", fmt::join(values, ", "));
}

class Decoder {
 public:
  Decoder(const SourceFile& file, Diagnostics& diagnostics) : file_(file), diagnostics_(diagnostics) {}

  Manifest decode(const YamlNode& root) {
    Manifest m;
    m.path = file_.path;
    const ObjectSpec& spec = object_spec("manifest");
    if (!check_object(root, spec, "", root.location)) return m;

    if (read_enum(get(root, "apiVersion"), spec, "apiVersion", "")) m.api_version = "clawform/v1";
    if (const YamlNode* n = get(root, "fleet")) {
      if (auto v = read_string(n, "fleet")) {
        if (is_fleet_name(*v)) m.fleet = *v;
        else error("bad-name", n->location,
                   fmt::format("fleet name \"{}\" must match {}", *v, patterns::kFleetName));
      }
    }
    if (auto v = read_enum(get(root, "region"), spec, "region", "")) m.region = spec.field("region")->values[*v];
    if (const YamlNode* n = get(root, "host")) m.host = decode_host(*n, key_location(root, "host"));
    if (const YamlNode* n = get(root, "openclaw")) m.openclaw = decode_openclaw(*n, key_location(root, "openclaw"));
    if (const YamlNode* n = get(root, "topology")) {
      m.topology_location = n->location;
      if (auto v = read_enum(n, spec, "topology", "")) m.topology = static_cast<Topology>(*v);
    }
    if (const YamlNode* n = get(root, "gateway")) m.gateway = decode_gateway(*n, key_location(root, "gateway"));
    if (const YamlNode* n = get(root, "defaults")) m.defaults = decode_defaults(*n, key_location(root, "defaults"));
    if (const YamlNode* n = get(root, "projects")) decode_projects(*n, m);
    if (const YamlNode* n = get(root, "remove_projects"))
      m.remove_projects = read_removals(*n, "remove_projects", is_project_name, "a project name");
    return m;
  }

 private:
  // --- reporting ---------------------------------------------------------

  void error(std::string_view id, SourceLocation at, std::string message, bool redact = false) {
    diagnostics_.add({Severity::Error, std::string(id), std::move(message), file_.path, at, redact});
  }

  static std::string path_of(std::string_view where, std::string_view key) {
    return where.empty() ? std::string(key) : fmt::format("{}.{}", where, key);
  }

  void wrong_type(const YamlNode& node, std::string_view path, std::string_view expected,
                  bool redact = false) {
    error("wrong-type", node.location,
          fmt::format("{} must be {}, not {}", path, expected, describe_yaml_kind(node)), redact);
  }

  // --- structure ---------------------------------------------------------

  static const YamlNode* get(const YamlNode& map, std::string_view key) {
    for (const auto& [k, v] : map.entries)
      if (k->scalar == key) return v;
    return nullptr;
  }

  // Where `key` is written in `map` (where a missing key inside its value is reported).
  static SourceLocation key_location(const YamlNode& map, std::string_view key) {
    for (const auto& [k, v] : map.entries)
      if (k->scalar == key) return k->location;
    return map.location;
  }

  // Checks that `node` is a mapping whose keys `spec` knows, and that every
  // required key is there. `where` is the dotted path for messages, `anchor`
  // where a missing key is reported. False when `node` is not a mapping.
  bool check_object(const YamlNode& node, const ObjectSpec& spec, std::string_view where,
                    SourceLocation anchor, bool redact = false) {
    misspelt_.clear();
    if (!node.is_map()) {
      wrong_type(node, where.empty() ? "the manifest" : where, "a mapping", redact);
      return false;
    }
    const std::vector<std::string_view> known = spec.keys();
    std::vector<std::string_view> suggested;  // a misspelt required key is not also "missing"
    for (const auto& [key, value] : node.entries) {
      if (spec.field(key->scalar)) continue;
      std::string message = where.empty()
                                ? fmt::format("unknown key \"{}\" at the top level", key->scalar)
                                : fmt::format("unknown key \"{}\" in {}", key->scalar, where);
      if (auto suggestion = closest_match(key->scalar, known)) {
        message += fmt::format("; did you mean \"{}\"?", *suggestion);
        suggested.push_back(*suggestion);
        misspelt_.emplace_back(*suggestion, key->location);
      } else {
        message += fmt::format(" (expected one of: {})", join_values(known));
      }
      error("unknown-key", key->location, std::move(message), redact);
    }
    for (const FieldSpec& field : spec.fields) {
      if (!field.required || get(node, field.key)) continue;
      if (std::find(suggested.begin(), suggested.end(), field.key) != suggested.end()) continue;
      error("missing-field", anchor,
            where.empty() ? fmt::format("missing required key \"{}\"", field.key)
                          : fmt::format("{} is missing required key \"{}\"", where, field.key),
            redact);
    }
    return true;
  }

  // --- scalars -----------------------------------------------------------

  std::optional<std::string> read_string(const YamlNode* node, std::string_view path) {
    if (!node) return std::nullopt;
    if (!node->is_scalar()) {
      wrong_type(*node, path, "a string");
      return std::nullopt;
    }
    return node->scalar;
  }

  std::optional<long> read_integer(const YamlNode* node, std::string_view path, const FieldSpec& field) {
    if (!node) return std::nullopt;
    long value = 0;
    const std::string& s = node->scalar;
    bool is_int = node->is_scalar() && !node->quoted && !s.empty() && s.size() <= 12 &&
                  std::from_chars(s.data(), s.data() + s.size(), value).ptr == s.data() + s.size();
    if (!is_int) {
      wrong_type(*node, path, "an integer");
      return std::nullopt;
    }
    if ((field.minimum != 0 || field.maximum != 0) && (value < field.minimum || value > field.maximum)) {
      error("invalid-value", node->location,
            fmt::format("{} must be between {} and {}, not {}", path, field.minimum, field.maximum, value));
      return std::nullopt;
    }
    return value;
  }

  std::optional<bool> read_bool(const YamlNode* node, std::string_view path) {
    if (!node) return std::nullopt;
    if (node->is_scalar() && !node->quoted) {
      if (node->scalar == "true" || node->scalar == "True") return true;
      if (node->scalar == "false" || node->scalar == "False") return false;
    }
    wrong_type(*node, path, "a boolean (true or false)");
    return std::nullopt;
  }

  // The index of the node's value in the field's enumeration.
  std::optional<std::size_t> read_enum(const YamlNode* node, const ObjectSpec& spec,
                                       std::string_view key, std::string_view where) {
    if (!node) return std::nullopt;
    const FieldSpec& field = *spec.field(key);
    std::string path = path_of(where, key);
    if (node->is_scalar()) {
      auto it = std::find(field.values.begin(), field.values.end(), node->scalar);
      if (it != field.values.end()) return static_cast<std::size_t>(it - field.values.begin());
      std::string message = fmt::format("{} must be one of {}, not \"{}\"", path,
                                        join_values(field.values), node->scalar);
      if (auto suggestion = closest_match(node->scalar, field.values))
        message += fmt::format("; did you mean \"{}\"?", *suggestion);
      error("invalid-value", node->location, std::move(message));
      return std::nullopt;
    }
    error("wrong-type", node->location,
          fmt::format("{} must be one of {}, not {}", path, join_values(field.values),
                      describe_yaml_kind(*node)));
    return std::nullopt;
  }

  // A list of distinct names, each accepted by `valid`.
  std::vector<Removal> read_removals(const YamlNode& node, const std::string& path, bool (*valid)(std::string_view),
                                     std::string_view what) {
    std::vector<Removal> out;
    if (node.is_null()) return out;
    if (!node.is_sequence()) {
      wrong_type(node, path, "a list");
      return out;
    }
    for (const YamlNode* item : node.items) {
      if (!item->is_scalar()) {
        wrong_type(*item, path + " entries", "strings");
        continue;
      }
      if (!valid(item->scalar)) {
        error("bad-name", item->location, fmt::format("\"{}\" in {} is not {}", item->scalar, path, what));
        continue;
      }
      auto same = [&](const Removal& r) { return r.name == item->scalar; };
      if (std::any_of(out.begin(), out.end(), same)) {
        error("invalid-value", item->location, fmt::format("\"{}\" is listed twice in {}", item->scalar, path));
        continue;
      }
      out.push_back({item->scalar, item->location});
    }
    return out;
  }

  // --- objects -----------------------------------------------------------

  HostSpec decode_host(const YamlNode& node, SourceLocation anchor) {
    HostSpec host;
    host.location = node.location;
    const ObjectSpec& spec = object_spec("host");
    if (!check_object(node, spec, "host", anchor)) return host;
    if (auto v = read_enum(get(node, "os"), spec, "os", "host")) host.os = static_cast<HostOs>(*v);
    if (auto v = read_integer(get(node, "memory_gb"), "host.memory_gb", *spec.field("memory_gb")))
      host.memory_gb = static_cast<int>(*v);
    if (auto v = read_integer(get(node, "disk_gb"), "host.disk_gb", *spec.field("disk_gb")))
      host.disk_gb = static_cast<int>(*v);
    return host;
  }

  OpenClawPin decode_openclaw(const YamlNode& node, SourceLocation anchor) {
    OpenClawPin pin;
    const ObjectSpec& spec = object_spec("openclaw");
    if (!check_object(node, spec, "openclaw", anchor)) return pin;
    if (const YamlNode* n = get(node, "version")) {
      pin.version_location = n->location;
      if (auto v = read_string(n, "openclaw.version")) pin.version = *v;
    }
    if (const YamlNode* n = get(node, "node_major")) {
      pin.node_major_location = n->location;
      if (auto v = read_integer(n, "openclaw.node_major", *spec.field("node_major")))
        pin.node_major = static_cast<int>(*v);
    }
    return pin;
  }

  Gateway decode_gateway(const YamlNode& node, SourceLocation anchor) {
    Gateway gateway;
    const ObjectSpec& spec = object_spec("gateway");
    if (!check_object(node, spec, "gateway", anchor)) return gateway;
    if (const YamlNode* n = get(node, "ports")) gateway.ports = decode_port_range(*n);
    if (const YamlNode* n = get(node, "bind")) {
      gateway.bind_location = n->location;
      if (auto v = read_enum(n, spec, "bind", "gateway")) gateway.bind = static_cast<BindMode>(*v);
    }
    if (const YamlNode* n = get(node, "auth")) gateway.auth = decode_auth(*n, key_location(node, "auth"));
    return gateway;
  }

  PortRange decode_port_range(const YamlNode& node) {
    PortRange range;
    range.location = node.location;
    auto bad = [&] {
      error("invalid-value", node.location,
            "gateway.ports must be a port or a range FIRST-LAST of ports between 1 and 65535");
      return PortRange{0, 0, node.location};
    };
    if (!node.is_scalar()) {
      wrong_type(node, "gateway.ports", "a port range like 18789-18793");
      return range;
    }
    std::string_view s = node.scalar;
    std::size_t dash = s.find('-');
    auto parse = [](std::string_view text, int& out) {
      return !text.empty() && text.size() <= 5 &&
             std::from_chars(text.data(), text.data() + text.size(), out).ptr == text.data() + text.size();
    };
    if (!parse(s.substr(0, dash), range.first)) return bad();
    range.last = range.first;
    if (dash != std::string_view::npos && !parse(s.substr(dash + 1), range.last)) return bad();
    if (range.first < 1 || range.last > 65535 || range.first > range.last) return bad();
    return range;
  }

  GatewayAuth decode_auth(const YamlNode& node, SourceLocation anchor) {
    GatewayAuth auth;
    auth.location = node.location;
    const ObjectSpec& spec = object_spec("gateway_auth");
    if (!check_object(node, spec, "gateway.auth", anchor)) return auth;
    if (auto v = read_enum(get(node, "mode"), spec, "mode", "gateway.auth")) auth.mode = static_cast<AuthMode>(*v);
    for (std::string_view key : {"token", "password"})
      if (const YamlNode* n = get(node, key)) auth.secret = decode_key_ref(*n, path_of("gateway.auth", key));
    const char* needed = auth.mode == AuthMode::Token ? "token" : auth.mode == AuthMode::Password ? "password" : nullptr;
    if (needed && !get(node, needed))
      error("missing-field", anchor,
            fmt::format("gateway.auth mode {} needs \"{}\": a reference to where it lives", needed, needed));
    return auth;
  }

  Defaults decode_defaults(const YamlNode& node, SourceLocation anchor) {
    Defaults defaults;
    const ObjectSpec& spec = object_spec("defaults");
    if (!check_object(node, spec, "defaults", anchor)) return defaults;
    if (const YamlNode* n = get(node, "model")) {
      defaults.model_location = n->location;
      if (auto v = read_string(n, "defaults.model")) defaults.model = *v;
    }
    if (auto v = read_enum(get(node, "update_channel"), spec, "update_channel", "defaults"))
      defaults.update_channel = static_cast<UpdateChannel>(*v);
    return defaults;
  }

  // A key reference. Any problem inside one is reported with the source line
  // masked from the problem's column on: the operator may have pasted a value.
  std::optional<KeyRef> decode_key_ref(const YamlNode& node, const std::string& path) {
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
    ref.source = from->scalar == "env" ? KeyRef::Source::Env
               : from->scalar == "file" ? KeyRef::Source::File : KeyRef::Source::Keychain;
    std::string_view required = ref.source == KeyRef::Source::Env ? "var"
                              : ref.source == KeyRef::Source::File ? "path" : "service";
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
      std::string& out = key->scalar == "var" ? ref.var : key->scalar == "path" ? ref.path
                       : key->scalar == "service" ? ref.service : ref.account;
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

  void decode_projects(const YamlNode& node, Manifest& m) {
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

  Project decode_project(const YamlNode& key, const YamlNode& node, const Defaults& defaults) {
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
        if (is_user_name(*v)) p.user = *v;
        else error("bad-name", n->location,
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
        if (v->find_first_not_of(" \t") != std::string::npos) p.unauthenticated_gateway = *v;
        else error("invalid-value", n->location,
                   fmt::format("{}.unauthenticated_gateway must say why this project's gateway may run without "
                               "auth", where));
      }
    }
    if (const YamlNode* n = get(node, "plugins")) decode_plugins(*n, where, p);
    if (auto v = read_bool(get(node, "canary"), where + ".canary")) p.canary = *v;
    if (const YamlNode* n = get(node, "workspace")) {
      p.workspace_location = n->location;
      if (auto v = read_string(n, where + ".workspace")) {
        if (is_workspace_path(*v)) p.workspace = *v;
        else error("invalid-value", n->location,
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

  void decode_keys(const YamlNode& node, const std::string& where, Project& p) {
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
              fmt::format("key name {} in {}.keys is reserved for the gateway token; write {}.gateway_token",
                          key->scalar, where, where), true);
      else if (auto ref = decode_key_ref(*value, path)) p.keys.push_back({key->scalar, std::move(*ref), key->location});
    }
  }

  void decode_plugins(const YamlNode& node, const std::string& where, Project& p) {
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
      if (version->is_scalar()) pin.version = version->scalar;
      else if (!version->is_null()) wrong_type(*version, path, "a version string or {version, channel}");
      p.plugins.push_back(std::move(pin));
    }
  }

  const SourceFile& file_;
  Diagnostics& diagnostics_;
  // Unknown keys of the last check_object that were close to a known key.
  std::vector<std::pair<std::string_view, SourceLocation>> misspelt_;
};

}  // namespace

Manifest decode_manifest(const YamlDocument& document, const SourceFile& file, Diagnostics& diagnostics) {
  return Decoder(file, diagnostics).decode(*document.root);
}

}  // namespace clawform
