#include "compiler/operations/render_status.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

std::string health_cell(const ProjectStatus& p, const ProjectTrend& t) {
  if (p.health.ok) return "live";
  return fmt::format("down ({} probe{})", t.probe_failures, t.probe_failures == 1 ? "" : "s");
}

std::string version_cell(const ProjectStatus& p) {
  if (p.version.empty()) return "-";
  if (p.version == p.manifest_version) return p.version;
  return fmt::format("{} (manifest {})", p.version, p.manifest_version);
}

std::string pins_cell(const ProjectStatus& p) {
  if (p.pins.empty()) return "-";
  std::vector<std::string> drifted;
  for (const PinStatus& pin : p.pins)
    if (!pin.ok()) drifted.push_back(describe_pin(pin));
  return drifted.empty() ? "ok" : fmt::format("{}", fmt::join(drifted, "; "));
}

std::string growth_cell(const ProjectTrend& t) {
  if (!t.weekly_growth) return "n/a";
  return (*t.weekly_growth >= 0 ? "+" : "") + format_bytes(static_cast<double>(*t.weekly_growth));
}

// Prometheus label value escapes: backslash, double quote, newline.
std::string label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{}", value);
}

}  // namespace

std::string render_status_text(const StatusReport& report) {
  std::vector<std::vector<std::string>> rows = {
      {"PROJECT", "PORT", "SERVICE", "HEALTH", "READY", "VERSION", "PINS", "DISK", "WEEKLY"}};
  for (std::size_t i = 0; i < report.projects.size(); ++i) {
    const ProjectStatus& p = report.projects[i];
    const ProjectTrend& t = report.trends.at(i);
    rows.push_back({p.project, std::to_string(p.port), p.service, health_cell(p, t), p.ready.ok ? "ready" : "not ready",
                    version_cell(p), pins_cell(p), format_bytes(static_cast<double>(p.disk_bytes)), growth_cell(t)});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c)
      line += c + 1 == row.size() ? row[c] : fmt::format("{:<{}}  ", row[c], widths[c]);
    out += line + "\n";
  }

  std::size_t alerts = 0;
  std::string notes, alert_lines;
  for (std::size_t i = 0; i < report.projects.size(); ++i) {
    const ProjectStatus& p = report.projects[i];
    const std::pair<const char*, const ProbeResult*> probes[] = {
        {"/health", &p.health}, {"/startupz", &p.startup}, {"/ready", &p.ready}};
    // A gateway that is down fails all three alike: said once.
    const std::string* said = nullptr;
    for (const auto& [name, probe] : probes) {
      if (probe->ok || (said && *said == probe->detail)) continue;
      notes += fmt::format("  {}: {} {}\n", p.project, name, probe->detail);
      said = &probe->detail;
    }
    for (const Alert& a : report.trends.at(i).alerts) {
      alert_lines += fmt::format("ALERT {}: {}\n", p.project, a.message);
      ++alerts;
    }
  }
  if (!notes.empty() || !alert_lines.empty()) out += "\n" + notes + alert_lines;
  if (alerts == 0) out += fmt::format("\nNo alerts ({} project{}).\n", report.projects.size(),
                                      report.projects.size() == 1 ? "" : "s");
  else out += fmt::format("\n{} alert{}.\n", alerts, alerts == 1 ? "" : "s");
  return out;
}

std::string render_status_prometheus(const StatusReport& report) {
  std::string out;
  // One family: HELP, TYPE, then one sample per project (`value` gives
  // nothing to leave the project out of this family).
  using Sample = std::pair<std::string, double>;  // extra labels ("" or `,name="v"`), value
  auto family = [&](const char* name, const char* type, const char* help,
                    const std::function<std::vector<Sample>(std::size_t)>& samples) {
    std::string lines;
    for (std::size_t i = 0; i < report.projects.size(); ++i)
      for (const auto& [labels, value] : samples(i))
        lines += fmt::format("{}{{project=\"{}\"{}}} {}\n", name, label_value(report.projects[i].project), labels,
                             number(value));
    if (lines.empty()) return;
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type) + lines;
  };
  auto one = [](double value) { return std::vector<Sample>{{"", value}}; };
  const auto& P = report.projects;
  const auto& T = report.trends;

  family("clawform_gateway_up", "gauge", "Whether the gateway's /health says live (1) or not (0).",
         [&](std::size_t i) { return one(P[i].health.ok); });
  family("clawform_gateway_started", "gauge", "Whether the gateway's /startupz says started (1) or not (0).",
         [&](std::size_t i) { return one(P[i].startup.ok); });
  family("clawform_gateway_ready", "gauge", "Whether the gateway's /ready says ready (1) or not (0).",
         [&](std::size_t i) { return one(P[i].ready.ok); });
  family("clawform_gateway_probe_failures", "gauge", "Failed /health probes in a row, this run's included.",
         [&](std::size_t i) { return one(T[i].probe_failures); });
  family("clawform_service_running", "gauge", "Whether the gateway's service runs (1) or not (0).",
         [&](std::size_t i) { return one(P[i].service == "running"); });
  family("clawform_gateway_port", "gauge", "The gateway's port, as the manifest gives it.",
         [&](std::size_t i) { return one(P[i].port); });
  family("clawform_openclaw_info", "gauge", "The OpenClaw version the gateway runs (/startupz), and the manifest's; always 1.",
         [&](std::size_t i) {
           return std::vector<Sample>{{fmt::format(",version=\"{}\",manifest_version=\"{}\"",
                                                   label_value(P[i].version.empty() ? "unknown" : P[i].version),
                                                   label_value(P[i].manifest_version)),
                                       1.0}};
         });
  family("clawform_plugin_pins_drifted", "gauge", "Plugins whose installed version is not the manifest's.",
         [&](std::size_t i) {
           return one(static_cast<double>(std::count_if(P[i].pins.begin(), P[i].pins.end(),
                                                        [](const PinStatus& pin) { return !pin.ok(); })));
         });
  family("clawform_disk_bytes", "gauge", "Bytes of the state dir (without cache/ and tmp/) and of a workspace outside it.",
         [&](std::size_t i) { return one(static_cast<double>(P[i].disk_bytes)); });
  family("clawform_disk_weekly_growth_bytes", "gauge", "Disk growth over the last week (absent under a week of history).",
         [&](std::size_t i) {
           return T[i].weekly_growth ? one(static_cast<double>(*T[i].weekly_growth)) : std::vector<Sample>{};
         });
  family("clawform_disk_weekly_average_growth_bytes", "gauge",
         "Average weekly disk growth before the last week (absent under two weeks of history).",
         [&](std::size_t i) {
           return T[i].weekly_average ? one(std::round(*T[i].weekly_average)) : std::vector<Sample>{};
         });
  family("clawform_alert", "gauge", "Whether an alert is up (1) or not (0): alert=\"probe\" or \"disk\".",
         [&](std::size_t i) {
           std::vector<Sample> samples;
           for (const char* kind : {"probe", "disk"}) {
             const bool up = std::any_of(T[i].alerts.begin(), T[i].alerts.end(),
                                         [&](const Alert& a) { return a.kind == kind; });
             samples.push_back({fmt::format(",alert=\"{}\"", kind), up ? 1.0 : 0.0});
           }
           return samples;
         });
  family("clawform_status_last_run_timestamp_seconds", "gauge", "When clawform status last sampled the project.",
         [&](std::size_t) { return one(static_cast<double>(report.time)); });
  return out;
}

}  // namespace clawform
