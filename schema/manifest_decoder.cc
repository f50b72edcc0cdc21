#include "schema/manifest_decoder.h"

#include "schema/decoder.h"

namespace clawform {

namespace decoding {

Manifest Decoder::decode(const YamlNode& root) {
  Manifest m;
  m.path = file_.path;
  const ObjectSpec& spec = object_spec("manifest");
  if (!check_object(root, spec, "", root.location)) return m;

  if (read_enum(get(root, "apiVersion"), spec, "apiVersion", "")) m.api_version = "clawform/v1";
  if (const YamlNode* n = get(root, "fleet")) {
    if (auto v = read_string(n, "fleet")) {
      if (is_fleet_name(*v))
        m.fleet = *v;
      else
        error("bad-name", n->location, fmt::format("fleet name \"{}\" must match {}", *v, patterns::kFleetName));
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
  if (const YamlNode* n = get(root, "backup")) m.backup = decode_backup(*n, key_location(root, "backup"));
  return m;
}

void Decoder::error(std::string_view id, SourceLocation at, std::string message, bool redact) {
  diagnostics_.add({Severity::Error, std::string(id), std::move(message), file_.path, at, redact});
}

std::string Decoder::path_of(std::string_view where, std::string_view key) {
  return where.empty() ? std::string(key) : fmt::format("{}.{}", where, key);
}

void Decoder::wrong_type(const YamlNode& node, std::string_view path, std::string_view expected, bool redact) {
  error("wrong-type", node.location, fmt::format("{} must be {}, not {}", path, expected, describe_yaml_kind(node)),
        redact);
}

const YamlNode* Decoder::get(const YamlNode& map, std::string_view key) {
  for (const auto& [k, v] : map.entries)
    if (k->scalar == key) return v;
  return nullptr;
}

// Where `key` is written in `map` (where a missing key inside its value is reported).
SourceLocation Decoder::key_location(const YamlNode& map, std::string_view key) {
  for (const auto& [k, v] : map.entries)
    if (k->scalar == key) return k->location;
  return map.location;
}

// Checks that `node` is a mapping whose keys `spec` knows, and that every
// required key is there. `where` is the dotted path for messages, `anchor`
// where a missing key is reported. False when `node` is not a mapping.
bool Decoder::check_object(const YamlNode& node, const ObjectSpec& spec, std::string_view where, SourceLocation anchor,
                           bool redact) {
  misspelt_.clear();
  if (!node.is_map()) {
    wrong_type(node, where.empty() ? "the manifest" : where, "a mapping", redact);
    return false;
  }
  const std::vector<std::string_view> known = spec.keys();
  std::vector<std::string_view> suggested;  // a misspelt required key is not also "missing"
  for (const auto& [key, value] : node.entries) {
    if (spec.field(key->scalar)) continue;
    std::string message = where.empty() ? fmt::format("unknown key \"{}\" at the top level", key->scalar)
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

std::optional<std::string> Decoder::read_string(const YamlNode* node, std::string_view path) {
  if (!node) return std::nullopt;
  if (!node->is_scalar()) {
    wrong_type(*node, path, "a string");
    return std::nullopt;
  }
  return node->scalar;
}

std::optional<long> Decoder::read_integer(const YamlNode* node, std::string_view path, const FieldSpec& field) {
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

std::optional<bool> Decoder::read_bool(const YamlNode* node, std::string_view path) {
  if (!node) return std::nullopt;
  if (node->is_scalar() && !node->quoted) {
    if (node->scalar == "true" || node->scalar == "True") return true;
    if (node->scalar == "false" || node->scalar == "False") return false;
  }
  wrong_type(*node, path, "a boolean (true or false)");
  return std::nullopt;
}

// The index of the node's value in the field's enumeration.
std::optional<std::size_t> Decoder::read_enum(const YamlNode* node, const ObjectSpec& spec, std::string_view key,
                                              std::string_view where) {
  if (!node) return std::nullopt;
  const FieldSpec& field = *spec.field(key);
  std::string path = path_of(where, key);
  if (node->is_scalar()) {
    auto it = std::find(field.values.begin(), field.values.end(), node->scalar);
    if (it != field.values.end()) return static_cast<std::size_t>(it - field.values.begin());
    std::string message =
        fmt::format("{} must be one of {}, not \"{}\"", path, join_values(field.values), node->scalar);
    if (auto suggestion = closest_match(node->scalar, field.values))
      message += fmt::format("; did you mean \"{}\"?", *suggestion);
    error("invalid-value", node->location, std::move(message));
    return std::nullopt;
  }
  error("wrong-type", node->location,
        fmt::format("{} must be one of {}, not {}", path, join_values(field.values), describe_yaml_kind(*node)));
  return std::nullopt;
}

// A list of distinct names, each accepted by `valid`.
std::vector<Removal> Decoder::read_removals(const YamlNode& node, const std::string& path,
                                            bool (*valid)(std::string_view), std::string_view what) {
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

HostSpec Decoder::decode_host(const YamlNode& node, SourceLocation anchor) {
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

OpenClawPin Decoder::decode_openclaw(const YamlNode& node, SourceLocation anchor) {
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

Gateway Decoder::decode_gateway(const YamlNode& node, SourceLocation anchor) {
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

PortRange Decoder::decode_port_range(const YamlNode& node) {
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

GatewayAuth Decoder::decode_auth(const YamlNode& node, SourceLocation anchor) {
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

Defaults Decoder::decode_defaults(const YamlNode& node, SourceLocation anchor) {
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

// A recipient is public, so a wrong one is echoed; an identity pasted in
// its place is a private key, and its line is not.
BackupSpec Decoder::decode_backup(const YamlNode& node, SourceLocation anchor) {
  BackupSpec backup;
  backup.location = anchor;
  const ObjectSpec& spec = object_spec("backup");
  if (!check_object(node, spec, "backup", anchor)) return backup;
  if (const YamlNode* n = get(node, "recipients")) {
    if (!n->is_sequence()) {
      wrong_type(*n, "backup.recipients", "a list of age recipients");
    } else if (n->items.empty()) {
      error("backup-recipient", n->location,
            "backup.recipients is empty: name at least one age recipient (`age-keygen -y IDENTITY` prints one)");
    }
    for (const YamlNode* item : n->is_sequence() ? n->items : std::vector<const YamlNode*>{}) {
      if (!item->is_scalar()) {
        wrong_type(*item, "backup.recipients entries", "strings");
        continue;
      }
      const std::string& text = item->scalar;
      if (is_age_identity(text)) {
        error("backup-recipient", item->location,
              "backup.recipients holds an age identity (a private key, AGE-SECRET-KEY-1...): remove it from the "
              "manifest, keep it offline, and list its recipient instead (`age-keygen -y IDENTITY` prints it)",
              /*redact=*/true);
        continue;
      }
      if (!is_age_recipient(text)) {
        error("backup-recipient", item->location,
              fmt::format("\"{}\" in backup.recipients is not an age X25519 recipient: \"age1\" and 58 bech32 "
                          "characters with a valid checksum, as `age-keygen -y IDENTITY` prints it",
                          text.size() > 80 ? text.substr(0, 77) + "..." : text));
        continue;
      }
      auto same = [&](const BackupRecipient& r) { return r.recipient == text; };
      if (std::any_of(backup.recipients.begin(), backup.recipients.end(), same)) {
        error("invalid-value", item->location, fmt::format("\"{}\" is listed twice in backup.recipients", text));
        continue;
      }
      backup.recipients.push_back({text, item->location});
    }
  }
  if (const YamlNode* n = get(node, "keep")) {
    backup.keep_location = n->location;
    if (auto v = read_integer(n, "backup.keep", *spec.field("keep"))) backup.keep = static_cast<int>(*v);
  }
  return backup;
}

}  // namespace decoding

Manifest decode_manifest(const YamlDocument& document, const SourceFile& file, Diagnostics& diagnostics) {
  return decoding::Decoder(file, diagnostics).decode(*document.root);
}

}  // namespace clawform
