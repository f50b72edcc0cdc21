#include "compiler/operations/status_history.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clawform {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), and back: no time zone database, no locale.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// The sample a line holds, or why it holds none.
std::optional<StatusSample> parse_line(std::string_view line, std::string& why) {
  // Ordered: a sample keeps its projects in the order they were written.
  const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    why = "not a JSON object";
    return std::nullopt;
  }
  auto t = doc.find("t");
  std::optional<std::int64_t> time;
  if (t != doc.end() && t->is_string()) time = parse_utc_iso8601(t->get_ref<const std::string&>());
  if (!time) {
    why = "no UTC time \"t\"";
    return std::nullopt;
  }
  auto projects = doc.find("projects");
  if (projects == doc.end() || !projects->is_object()) {
    why = "no \"projects\" object";
    return std::nullopt;
  }
  StatusSample sample{*time, {}};
  for (const auto& [name, p] : projects->items()) {
    auto field = [&](const char* key) { return p.is_object() && p.contains(key) ? &p[key] : nullptr; };
    const nlohmann::ordered_json* health = field("health");
    const nlohmann::ordered_json* ready = field("ready");
    const nlohmann::ordered_json* version = field("version");
    const nlohmann::ordered_json* disk = field("disk");
    if (!health || !health->is_boolean() || !ready || !ready->is_boolean() || !version || !version->is_string() ||
        !disk || !disk->is_number_unsigned()) {
      why = fmt::format("project \"{}\" lacks health, ready, version or disk", name);
      return std::nullopt;
    }
    sample.projects.push_back({name, health->get<bool>(), ready->get<bool>(), version->get<std::string>(),
                               disk->get<std::uint64_t>()});
  }
  return sample;
}

}  // namespace

std::string utc_iso8601(std::int64_t seconds) {
  const std::int64_t days = floor_div(seconds, 86'400);
  const std::int64_t rest = seconds - days * 86'400;
  const Civil c = civil_from_days(days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, rest / 3600, rest / 60 % 60,
                     rest % 60);
}

std::optional<std::int64_t> parse_utc_iso8601(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SSZ, exactly.
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return std::nullopt;
  auto number = [&](std::size_t at, std::size_t len) -> int {
    int value = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59)
    return std::nullopt;
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const Civil back = civil_from_days(days);
  if (back.month != static_cast<unsigned>(month) || back.day != static_cast<unsigned>(day)) return std::nullopt;
  return days * 86'400 + hour * 3600 + minute * 60 + second;
}

std::string history_line(const StatusSample& sample) {
  nlohmann::ordered_json projects = nlohmann::ordered_json::object();
  for (const ProjectSample& p : sample.projects)
    projects[p.project] = {{"health", p.health}, {"ready", p.ready}, {"version", p.version}, {"disk", p.disk_bytes}};
  nlohmann::ordered_json line = {{"t", utc_iso8601(sample.time)}, {"projects", std::move(projects)}};
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

ParsedHistory parse_history(std::string_view text, const std::string& path) {
  ParsedHistory parsed;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string why;
    if (std::optional<StatusSample> sample = parse_line(line, why)) parsed.samples.push_back(std::move(*sample));
    else parsed.warnings.push_back(fmt::format("{}:{}: skipped a damaged sample ({})", path, line_number, why));
  }
  std::stable_sort(parsed.samples.begin(), parsed.samples.end(),
                   [](const StatusSample& a, const StatusSample& b) { return a.time < b.time; });
  return parsed;
}

std::vector<StatusSample> thin_history(const std::vector<StatusSample>& samples, std::int64_t now,
                                       const ThinningPolicy& policy) {
  std::vector<StatusSample> kept;
  // The bucket of the last sample kept from the thinned tiers: (tier, index).
  std::optional<std::pair<int, std::int64_t>> last_bucket;
  for (const StatusSample& s : samples) {
    const std::int64_t age = now - s.time;
    if (age <= policy.recent) {
      kept.push_back(s);
      continue;
    }
    const std::pair<int, std::int64_t> bucket =
        age <= policy.hourly ? std::pair{1, floor_div(s.time, 3600)} : std::pair{2, floor_div(s.time, 86'400)};
    if (last_bucket == bucket) continue;
    last_bucket = bucket;
    kept.push_back(s);
  }
  return kept;
}

ProjectTrend project_trend(const std::vector<StatusSample>& history, const std::string& project,
                           const AlertRules& rules) {
  struct Point {
    std::int64_t time;
    const ProjectSample* sample;
  };
  std::vector<Point> points;
  for (const StatusSample& s : history)
    for (const ProjectSample& p : s.projects)
      if (p.project == project) points.push_back({s.time, &p});

  ProjectTrend trend{project, 0, std::nullopt, std::nullopt, {}};
  for (auto it = points.rbegin(); it != points.rend() && !it->sample->health; ++it) ++trend.probe_failures;
  if (trend.probe_failures >= rules.probe_failures)
    trend.alerts.push_back({"probe", fmt::format("gateway down for {} probes", trend.probe_failures)});

  if (points.size() < 2) return trend;
  const Point& newest = points.back();
  const std::int64_t target = newest.time - rules.week;
  const Point* anchor = &points.front();
  for (const Point& p : points) {
    if (&p == &newest) break;
    if (std::llabs(p.time - target) < std::llabs(anchor->time - target)) anchor = &p;
  }
  if (newest.time - anchor->time < rules.week - rules.tolerance) return trend;
  trend.weekly_growth =
      static_cast<std::int64_t>(newest.sample->disk_bytes) - static_cast<std::int64_t>(anchor->sample->disk_bytes);
  const Point& oldest = points.front();
  const std::int64_t earlier = anchor->time - oldest.time;
  if (earlier < rules.week - rules.tolerance) return trend;
  const double earlier_growth =
      static_cast<double>(anchor->sample->disk_bytes) - static_cast<double>(oldest.sample->disk_bytes);
  trend.weekly_average = earlier_growth / (static_cast<double>(earlier) / static_cast<double>(rules.week));

  const double growth = static_cast<double>(*trend.weekly_growth);
  if (growth > static_cast<double>(rules.disk_floor) && growth >= rules.disk_growth_factor * *trend.weekly_average) {
    if (*trend.weekly_average > 0)
      trend.alerts.push_back({"disk", fmt::format("disk grew {} this week, {:.1f}x the weekly average {}",
                                                  format_bytes(growth), growth / *trend.weekly_average,
                                                  format_bytes(*trend.weekly_average))});
    else
      trend.alerts.push_back({"disk", fmt::format("disk grew {} this week; the weekly average was {}",
                                                  format_bytes(growth), format_bytes(*trend.weekly_average))});
  }
  return trend;
}

std::string format_bytes(double bytes) {
  const char* sign = bytes < 0 ? "-" : "";
  double value = std::fabs(bytes);
  if (value < 1024) return fmt::format("{}{:.0f} B", sign, value);
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB"};
  int unit = -1;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{}{:.1f} {}", sign, value, units[unit]);
}

}  // namespace clawform
