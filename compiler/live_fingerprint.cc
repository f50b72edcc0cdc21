#include "compiler/live_fingerprint.h"

#include <fmt/format.h>

#include "compiler/config_registry.h"

namespace clawform {

namespace {

void path_line(std::string& out, const char* label, const PathState& p) {
  fmt::format_to(std::back_inserter(out), "{} {} {} {:o} {}\n", label, p.exists, p.type, p.mode, p.uid);
}

// One line per managed value, in registry order, each `*` group sorted by
// key; an absent value without `*` is "<label> unset", except a SecretRef,
// which is left out.
std::string config_text(const ConfigState& c) {
  std::string out = fmt::format("exists={}\n", c.exists);
  auto line = [&](std::string_view label, const nlohmann::json& value) {
    fmt::format_to(std::back_inserter(out), "{}={}\n", label, config_value_text(value));
  };
  auto find = [&](std::string_view path) -> const nlohmann::json* {
    auto it = c.values.find(std::string(path));
    return it == c.values.end() ? nullptr : &it->second;
  };
  const std::vector<ConfigEntry>& registry = config_registry();
  for (std::size_t k = 0; k < registry.size(); ++k) {
    const ConfigEntry& e = registry[k];
    if (const std::size_t star = e.label.find('*'); star != std::string_view::npos) {
      for (const auto& [key, value] : values_matching(e.path, c.values))
        line(fmt::format("{}{}{}", e.label.substr(0, star), key, e.label.substr(star + 1)), *value);
      continue;
    }
    const nlohmann::json* value = find(e.path);
    for (; k + 1 < registry.size() && registry[k + 1].label == e.label; ++k)
      if (const nlohmann::json* alternative = find(registry[k + 1].path)) value = alternative;
    if (value) line(e.label, *value);
    else if (e.shape != ConfigShape::SecretRef) fmt::format_to(std::back_inserter(out), "{} unset\n", e.label);
  }
  return out;
}

std::string instance_key(const InstanceState& i, bool removed) {
  return removed ? "removed " + i.instance : i.instance;
}

void add_instances(LiveFingerprint& fp, const std::vector<InstanceState>& instances, bool removed,
                   const Digester& digester, std::string& all) {
  for (const InstanceState& i : instances) {
    std::map<std::string, std::string>& groups = fp.instances[instance_key(i, removed)];
    for (const auto& [group, text] : fingerprint_groups(i)) {
      std::string hash = digester.content_digest(text).substr(0, 16);
      fmt::format_to(std::back_inserter(all), "{} {} {}\n", instance_key(i, removed), group, hash);
      groups[group] = std::move(hash);
    }
  }
}

}  // namespace

std::map<std::string, std::string> fingerprint_groups(const InstanceState& i) {
  std::map<std::string, std::string> groups;
  std::string& state_dir = groups["state_dir"];
  path_line(state_dir, "state_dir", i.state_dir_path);
  state_dir += "openclaw " + i.openclaw_version.value_or("unknown") + "\n";
  state_dir += "node " + i.node_version.value_or("unknown") + "\n";
  groups["config"] = config_text(i.config);
  std::string& plugins = groups["plugins"];
  for (const PluginState& p : i.plugins)
    fmt::format_to(std::back_inserter(plugins), "{} {} {} {} {}\n", p.id, p.version, p.origin, p.enabled,
                   p.install_spec);
  std::string& files = groups["files"];
  for (const ProjectFiles& f : i.files) {
    files += "project " + f.project + "\n";
    path_line(files, "workspace", f.workspace);
    path_line(files, "secrets_dir", f.secrets.dir);
    path_line(files, "key_file", f.secrets.key_file);
    for (const auto& [name, digest] : f.secrets.key_digests) files += "key " + name + " " + digest + "\n";
  }
  std::string& service = groups["service"];
  path_line(service, "file", i.service.file);
  service += "digest " + i.service.content_digest + "\n";
  if (i.linger) path_line(service, "linger", *i.linger);
  const GatewayState& g = i.gateway;
  groups["gateway"] = fmt::format("port={} live={} started={} other={}\n", g.port, g.live(), g.started(),
                                  g.port_held_by_other);
  return groups;
}

LiveFingerprint fingerprint_live(const LiveState& live, const Digester& digester) {
  LiveFingerprint fp;
  std::string all = "root " + live.root + "\n";
  add_instances(fp, live.instances, false, digester, all);
  add_instances(fp, live.removed, true, digester, all);
  fp.overall = digester.content_digest(all);
  return fp;
}

std::vector<std::string> fingerprint_drift(const LiveFingerprint& planned, const LiveFingerprint& now) {
  std::vector<std::string> out;
  if (planned.overall == now.overall) return out;
  for (const auto& [instance, groups] : planned.instances) {
    auto it = now.instances.find(instance);
    if (it == now.instances.end()) {
      out.push_back(instance + ": no longer in the manifest's instances");
      continue;
    }
    std::vector<std::string> changed;
    for (const auto& [group, hash] : groups) {
      auto g = it->second.find(group);
      if (g == it->second.end() || g->second != hash) changed.push_back(group);
    }
    if (!changed.empty()) out.push_back(fmt::format("{}: {} changed", instance, fmt::join(changed, ", ")));
  }
  for (const auto& [instance, groups] : now.instances)
    if (!planned.instances.contains(instance)) out.push_back(instance + ": not in the plan");
  if (out.empty()) out.push_back("the host's root or instance order changed");
  return out;
}

nlohmann::json fingerprint_to_json(const LiveFingerprint& fp) {
  nlohmann::json j = nlohmann::json::object();
  j["fingerprint"] = fp.overall;
  j["instances"] = fp.instances;
  return j;
}

LiveFingerprint fingerprint_from_json(const nlohmann::json& j) {
  LiveFingerprint fp;
  fp.overall = j.at("fingerprint").get<std::string>();
  fp.instances = j.at("instances").get<std::map<std::string, std::map<std::string, std::string>>>();
  return fp;
}

}  // namespace clawform
