#pragma once
// `clawform status`'s history and the alerts drawn from it (docs/operations.md,
// "status"). Pure: the line format, parsing it back (a damaged line is
// skipped with a warning), thinning old samples, and the two alert rules.
// backends/operations/status_history_file.h keeps the file.
//
// One sample per line (JSON Lines), appended by each run:
//   {"t":"2026-12-01T23:42:00Z","projects":{"acme":{"health":true,"ready":true,
//    "version":"2026.9.6","disk":48213504}}}
// "version" is "" when the gateway did not tell it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clawform {

// One project in one sample.
struct ProjectSample {
  std::string project;
  bool health = false;  // GET /health answered {"ok":true,"status":"live"}
  bool ready = false;   // GET /ready answered {"ready":true}
  std::string version;  // the OpenClaw /startupz names; "" when unknown
  std::uint64_t disk_bytes = 0;
  bool operator==(const ProjectSample&) const = default;
};

struct StatusSample {
  std::int64_t time = 0;  // seconds since the epoch, UTC
  std::vector<ProjectSample> projects;  // in manifest order
  bool operator==(const StatusSample&) const = default;
};

// UTC ISO 8601 to the second ("2026-12-01T23:42:00Z") and back; nullopt for
// anything else (another zone, fractions, out-of-range fields).
std::string utc_iso8601(std::int64_t seconds);
std::optional<std::int64_t> parse_utc_iso8601(std::string_view text);

// The sample as one line of the history, ending in "\n".
std::string history_line(const StatusSample& sample);

struct ParsedHistory {
  std::vector<StatusSample> samples;  // in time order (stable for equal times)
  // One per damaged line: "<path>:<line>: skipped a damaged sample (<why>)".
  std::vector<std::string> warnings;
};

// Every line of `text` (the file at `path`); blank lines are ignored, and a
// line that is not a whole sample (torn, garbage, a field of the wrong
// type) is skipped with a warning.
ParsedHistory parse_history(std::string_view text, const std::string& path);

// How many samples a history keeps: every sample of the last `recent`
// seconds, then the first sample of each UTC hour until `hourly` seconds
// back, then the first of each UTC day. A year of one sample a minute thins
// to about 2,880 + 672 + 335 lines.
struct ThinningPolicy {
  std::int64_t recent = 2 * 86'400;
  std::int64_t hourly = 30 * 86'400;
  // The file is rewritten once this many samples (or any damaged line) would
  // go: about once a day under one run a minute.
  std::size_t rewrite_after = 1'440;
};

// The samples `policy` keeps of `samples` (in time order) at time `now`.
std::vector<StatusSample> thin_history(const std::vector<StatusSample>& samples, std::int64_t now,
                                       const ThinningPolicy& policy = {});

// The alert rules, the seed's thresholds.
struct AlertRules {
  int probe_failures = 3;                  // consecutive failed /health probes
  double disk_growth_factor = 2.0;         // this week's growth against the weekly average
  std::uint64_t disk_floor = 1U << 20;     // growth at or under this never alerts (1 MiB)
  std::int64_t week = 7 * 86'400;
  std::int64_t tolerance = 3'600;          // how far a thinned sample may sit from a week mark
};

struct Alert {
  std::string kind;     // "probe" or "disk"
  std::string message;  // "gateway down for 3 probes", "disk grew 5.0 MiB this week, ..."
  bool operator==(const Alert&) const = default;
};

// What one project's history says.
struct ProjectTrend {
  std::string project;
  // Failed /health probes in a row, ending with the newest sample (0 when it passed).
  int probe_failures = 0;
  // Disk growth over the last week: the newest sample minus the one nearest a
  // week before it; unset while the history is under (about) a week.
  std::optional<std::int64_t> weekly_growth;
  // Average weekly growth over the history before that week; unset until
  // it holds (about) one full earlier week.
  std::optional<double> weekly_average;
  std::vector<Alert> alerts;
};

// The trend of `project` in `history` (in time order, the newest sample
// being this run's). A project missing from a sample is not counted in it.
ProjectTrend project_trend(const std::vector<StatusSample>& history, const std::string& project,
                           const AlertRules& rules = {});

// "512 B", "3.0 KiB", "41.2 MiB", "1.5 GiB" (IEC units); a negative value keeps its sign.
std::string format_bytes(double bytes);

}  // namespace clawform
