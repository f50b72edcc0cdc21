#include "compiler/operations/status_report.h"

#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

std::string unreachable(const GatewayState& gateway, const HttpCheck& check) {
  if (gateway.port_held_by_other) return fmt::format("port {} held by another program", gateway.port);
  return check.error.empty() ? "unreachable" : "unreachable: " + check.error;
}

nlohmann::ordered_json probe_json(const ProbeResult& probe) {
  return {{"ok", probe.ok}, {"detail", probe.detail}};
}

// A text that may be unknown ("" then): null then.
nlohmann::ordered_json text_or_null(const std::string& text) {
  return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

// A number that may be unknown: null then.
template <typename T>
nlohmann::ordered_json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

}  // namespace

ProbeResult health_probe(const GatewayState& g) {
  if (!g.health.reachable || g.port_held_by_other) return {false, unreachable(g, g.health)};
  return {g.live(), fmt::format("{} {}", g.health.http_status, g.status.value_or("(no status)"))};
}

ProbeResult startup_probe(const GatewayState& g) {
  if (!g.startup.reachable || g.port_held_by_other) return {false, unreachable(g, g.startup)};
  std::string detail = fmt::format("{} {}", g.startup.http_status, g.startup_status.value_or("(no status)"));
  if (g.startup_pending) detail += " (" + *g.startup_pending + ")";
  return {g.started(), detail};
}

ProbeResult ready_probe(const GatewayState& g) {
  if (!g.ready.reachable || g.port_held_by_other) return {false, unreachable(g, g.ready)};
  const bool ready = g.is_ready.value_or(false);
  std::string detail = fmt::format("{} {}", g.ready.http_status, ready ? "ready" : "not ready");
  if (!g.failing.empty()) detail += fmt::format(" (failing: {})", fmt::join(g.failing, ", "));
  return {ready, detail};
}

std::vector<PinStatus> compare_pins(const Project& project, const std::map<std::string, InstalledPackage>& installed) {
  std::vector<PinStatus> pins;
  auto status_of = [&](const std::string& package, const std::string& manifest) {
    PinStatus pin{package, manifest, "", ""};
    if (auto it = installed.find(package); it != installed.end()) {
      pin.installed = it->second.version;
      pin.error = it->second.error;
    }
    return pin;
  };
  for (const PluginPin& p : project.plugins) pins.push_back(status_of(p.package, p.version));
  for (const Removal& r : project.remove_plugins) pins.push_back(status_of(r.name, ""));
  return pins;
}

std::string describe_pin(const PinStatus& pin) {
  if (!pin.error.empty()) return fmt::format("{}: {}", pin.package, pin.error);
  if (pin.manifest.empty()) return fmt::format("{} {} (manifest removes it)", pin.package, pin.installed);
  if (pin.installed.empty()) return fmt::format("{} not installed (manifest {})", pin.package, pin.manifest);
  return fmt::format("{} {} (manifest {})", pin.package, pin.installed, pin.manifest);
}

bool StatusReport::alerting() const {
  for (const ProjectTrend& t : trends)
    if (!t.alerts.empty()) return true;
  return false;
}

StatusSample sample_of(const StatusReport& report) {
  StatusSample sample{report.time, {}};
  for (const ProjectStatus& p : report.projects)
    sample.projects.push_back({p.project, p.health.ok, p.ready.ok, p.version, p.disk_bytes});
  return sample;
}

nlohmann::ordered_json status_to_json(const StatusReport& report) {
  nlohmann::ordered_json projects = nlohmann::ordered_json::array();
  nlohmann::ordered_json all_alerts = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < report.projects.size(); ++i) {
    const ProjectStatus& p = report.projects[i];
    const ProjectTrend& t = report.trends.at(i);
    nlohmann::ordered_json pins = nlohmann::ordered_json::array();
    bool pins_ok = true;
    for (const PinStatus& pin : p.pins) {
      pins_ok = pins_ok && pin.ok();
      pins.push_back({{"package", pin.package},
                      {"manifest", text_or_null(pin.manifest)},
                      {"installed", text_or_null(pin.installed)},
                      {"ok", pin.ok()}});
      if (!pin.error.empty()) pins.back()["error"] = pin.error;
    }
    nlohmann::ordered_json alerts = nlohmann::ordered_json::array();
    for (const Alert& a : t.alerts) {
      alerts.push_back({{"alert", a.kind}, {"message", a.message}});
      all_alerts.push_back({{"project", p.project}, {"alert", a.kind}, {"message", a.message}});
    }
    projects.push_back({
        {"project", p.project},
        {"instance", p.instance},
        {"port", p.port},
        {"service", p.service},
        {"health", probe_json(p.health)},
        {"startup", probe_json(p.startup)},
        {"ready", probe_json(p.ready)},
        {"probe_failures", t.probe_failures},
        {"openclaw_version", text_or_null(p.version)},
        {"manifest_openclaw_version", p.manifest_version},
        {"plugins", {{"ok", pins_ok}, {"pins", std::move(pins)}}},
        {"disk", {{"bytes", p.disk_bytes},
                  {"weekly_growth_bytes", optional_json(t.weekly_growth)},
                  {"weekly_average_bytes", t.weekly_average ? nlohmann::ordered_json(std::llround(*t.weekly_average))
                                                            : nlohmann::ordered_json(nullptr)}}},
        {"alerts", std::move(alerts)},
    });
  }
  return {{"format", "clawform-status/1"},
          {"time", utc_iso8601(report.time)},
          {"ok", !report.alerting()},
          {"alerts", std::move(all_alerts)},
          {"projects", std::move(projects)},
          {"warnings", report.warnings}};
}

}  // namespace clawform
