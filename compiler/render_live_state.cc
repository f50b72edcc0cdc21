#include "compiler/render_live_state.h"

#include <fmt/format.h>

#include "compiler/config_registry.h"

namespace clawform {

namespace {

std::string describe_path(const PathState& p) {
  if (!p.exists) return fmt::format("{} (absent)", p.path);
  return fmt::format("{} ({} {:04o})", p.path, p.type, p.mode);
}

std::string describe_config(const ConfigState& c) {
  if (!c.exists) return "absent";
  auto at = [&](const char* path) {
    auto it = c.values.find(path);
    return it == c.values.end() ? std::string("unset") : config_value_text(it->second);
  };
  return fmt::format("port {}, bind {}, auth {}, model {}", at("gateway.port"), at("gateway.bind"),
                     at("gateway.auth.mode"), at("agents.defaults.model"));
}

std::string describe_plugins(const std::vector<PluginState>& plugins) {
  std::vector<std::string> installed;
  int bundled_enabled = 0, bundled_disabled = 0;
  for (const PluginState& p : plugins) {
    if (p.origin == "bundled") {
      (p.enabled ? bundled_enabled : bundled_disabled)++;
      continue;
    }
    installed.push_back(fmt::format("{} {} ({}, {})", p.id, p.version, p.enabled ? "enabled" : "disabled", p.status));
  }
  std::string out = installed.empty() ? "none installed" : fmt::format("{}", fmt::join(installed, ", "));
  if (bundled_enabled + bundled_disabled > 0)
    out += fmt::format("; bundled: {} enabled, {} disabled", bundled_enabled, bundled_disabled);
  return out;
}

std::string describe_check(const HttpCheck& c) {
  if (!c.reachable) return c.error.empty() ? "unreachable" : c.error;
  return fmt::format("HTTP {} in {:.0f} ms", c.http_status, c.latency_ms);
}

std::string describe_gateway(const GatewayState& g) {
  if (g.port_held_by_other) return fmt::format("127.0.0.1:{} held by another program", g.port);
  if (!g.health.reachable) return fmt::format("127.0.0.1:{} not running ({})", g.port, describe_check(g.health));
  std::string out = fmt::format("127.0.0.1:{} {}", g.port, g.live() ? "live" : "not live");
  if (g.started()) out += ", started";
  else if (g.startup_status) out += ", " + *g.startup_status + (g.startup_pending ? " (" + *g.startup_pending + ")" : "");
  else out += ", /startupz " + describe_check(g.startup);
  out += g.is_ready.value_or(false) ? ", ready" : ", not ready";
  if (!g.failing.empty()) out += fmt::format(" (failing: {})", fmt::join(g.failing, ", "));
  return out + fmt::format(" ({})", describe_check(g.health));
}

}  // namespace

std::string render_live_state_text(const LiveState& state) {
  std::string out;
  for (const InstanceState& i : state.instances) {
    out += fmt::format("{}  (instance {})\n", fmt::join(i.projects, ", "), i.instance);
    auto row = [&](std::string_view label, const std::string& value) {
      out += fmt::format("  {:<11} {}\n", label, value);
    };
    row("state dir", describe_path(i.state_dir_path));
    row("openclaw", fmt::format("{} (node {}){}", i.openclaw_version.value_or("unknown"),
                                i.node_version.value_or("unknown"),
                                i.openclaw_binary.empty() ? "" : ", service runs " + i.openclaw_binary));
    row("config", describe_config(i.config));
    row("plugins", describe_plugins(i.plugins));
    for (const ProjectFiles& f : i.files) {
      std::string prefix = i.files.size() > 1 ? f.project + " " : "";
      row(prefix + "workspace", describe_path(f.workspace));
      std::string keys = describe_path(f.secrets.key_file);
      if (!f.secrets.key_digests.empty()) {
        std::vector<std::string> names;
        for (const auto& [name, digest] : f.secrets.key_digests) names.push_back(name);
        keys += fmt::format(": {}", fmt::join(names, ", "));
      }
      row(prefix + "key file", keys);
    }
    row("service", fmt::format("{} {}: {}", i.service.manager, i.service.name,
                               i.service.file.exists ? i.service.file.path : "absent"));
    row("gateway", describe_gateway(i.gateway));
    for (const DiscoveryError& e : i.errors)
      out += fmt::format("  error: {}: {}{}\n", e.step, e.message, e.command.empty() ? "" : " (" + e.command + ")");
    out += "\n";
  }
  return out;
}

}  // namespace clawform
