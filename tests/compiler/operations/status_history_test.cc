// `clawform status`'s history and alerts, pure: the line format both ways,
// damaged lines skipped with a warning, thinning, the probe alert after
// three failures (and its recovery), and the disk alert on a doubled week.
#include <doctest/doctest.h>

#include "compiler/operations/status_history.h"

namespace clawform {
namespace {

constexpr std::int64_t kDay = 86'400;
constexpr std::int64_t kWeek = 7 * kDay;
constexpr std::int64_t kNow = 1'796'169'600;  // 2026-12-02T00:00:00Z
constexpr std::uint64_t kMiB = 1 << 20;

StatusSample sample(std::int64_t time, bool health, std::uint64_t disk = 100 * kMiB, const char* project = "acme") {
  return {time, {{project, health, health, health ? "2026.9.6" : "", disk}}};
}

// A history of `health` results a minute apart, the last at kNow.
std::vector<StatusSample> probes(std::initializer_list<bool> health) {
  std::vector<StatusSample> history;
  std::int64_t t = kNow - 60 * static_cast<std::int64_t>(health.size() - 1);
  for (bool h : health) history.push_back(sample(t, h)), t += 60;
  return history;
}

TEST_CASE("status history: UTC times both ways") {
  CHECK(utc_iso8601(kNow) == "2026-12-02T00:00:00Z");
  CHECK(utc_iso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(utc_iso8601(951'782'400 + 3'661) == "2000-02-29T01:01:01Z");
  CHECK(parse_utc_iso8601("2026-12-02T00:00:00Z") == kNow);
  CHECK(parse_utc_iso8601("2000-02-29T01:01:01Z") == 951'782'400 + 3'661);
  CHECK_FALSE(parse_utc_iso8601("2026-02-29T00:00:00Z"));  // not a leap year
  CHECK_FALSE(parse_utc_iso8601("2026-12-02T00:00:00+01:00"));
  CHECK_FALSE(parse_utc_iso8601("2026-12-02T24:00:00Z"));
  CHECK_FALSE(parse_utc_iso8601("2026-12-02 00:00:00Z"));
  CHECK_FALSE(parse_utc_iso8601(""));
}

TEST_CASE("status history: a line holds one sample, projects in their order") {
  StatusSample s{kNow, {{"zeta", true, false, "2026.9.6", 42}, {"acme", false, false, "", 7}}};
  const std::string line = history_line(s);
  CHECK(line ==
        "{\"t\":\"2026-12-02T00:00:00Z\",\"projects\":{\"zeta\":{\"health\":true,\"ready\":false,"
        "\"version\":\"2026.9.6\",\"disk\":42},\"acme\":{\"health\":false,\"ready\":false,\"version\":\"\","
        "\"disk\":7}}}\n");
  ParsedHistory parsed = parse_history(line + line, "h.jsonl");
  CHECK(parsed.warnings.empty());
  REQUIRE(parsed.samples.size() == 2);
  CHECK(parsed.samples[0] == s);
}

TEST_CASE("status history: damaged lines are skipped with a warning naming the line") {
  const std::string good = history_line(sample(kNow - 60, true));
  const std::string text = good + "{\"t\":\"2026-12-01T23:5\n" +            // torn
                           "\x01garbage\n" +                                // not JSON
                           "\n" +                                           // blank: ignored
                           "{\"t\":\"yesterday\",\"projects\":{}}\n" +      // no UTC time
                           "{\"t\":\"2026-12-01T23:00:00Z\",\"projects\":{\"acme\":{\"health\":1,\"ready\":true,"
                           "\"version\":\"\",\"disk\":1}}}\n" +             // wrong type
                           "{\"t\":\"2026-12-01T23:00:00Z\",\"projects\":{\"acme\":{\"health\":true,\"ready\":true,"
                           "\"version\":\"\",\"disk\":-1}}}\n" +            // negative size
                           history_line(sample(kNow, false)) + "{\"t\":";  // torn last line, no newline
  ParsedHistory parsed = parse_history(text, "/r/.clawform/status/history.jsonl");
  REQUIRE(parsed.samples.size() == 2);
  CHECK(parsed.samples[1].projects[0].health == false);
  REQUIRE(parsed.warnings.size() == 6);
  CHECK(parsed.warnings[0] == "/r/.clawform/status/history.jsonl:2: skipped a damaged sample (not a JSON object)");
  CHECK(parsed.warnings[2] == "/r/.clawform/status/history.jsonl:5: skipped a damaged sample (no UTC time \"t\")");
  CHECK(parsed.warnings[3] ==
        "/r/.clawform/status/history.jsonl:6: skipped a damaged sample (project \"acme\" lacks health, ready, "
        "version or disk)");
  CHECK(parsed.warnings[5] == "/r/.clawform/status/history.jsonl:9: skipped a damaged sample (not a JSON object)");
}

TEST_CASE("status history: samples are put in time order") {
  ParsedHistory parsed =
      parse_history(history_line(sample(kNow, true)) + history_line(sample(kNow - 60, false)), "h");
  REQUIRE(parsed.samples.size() == 2);
  CHECK(parsed.samples[0].time == kNow - 60);
}

TEST_CASE("status history: thinning keeps two days whole, then one an hour, then one a day") {
  std::vector<StatusSample> every5;  // a year, one every five minutes
  for (std::int64_t t = kNow - 365 * kDay; t <= kNow; t += 300) every5.push_back(sample(t, true));
  std::vector<StatusSample> kept = thin_history(every5, kNow);
  // 2 days whole (+1: both ends), 28 days of hours, 335 days.
  CHECK(kept.size() == 2 * 288 + 1 + 28 * 24 + 335);
  CHECK(kept.back().time == kNow);
  // Thinning what is thinned changes nothing.
  CHECK(thin_history(kept, kNow).size() == kept.size());
  // The newest two days are untouched.
  std::size_t recent = 0;
  for (const StatusSample& s : kept) recent += kNow - s.time <= 2 * kDay;
  CHECK(recent == 2 * 288 + 1);
}

TEST_CASE("status alerts: 0, 1 and 2 failed probes show, 3 alert") {
  CHECK(project_trend(probes({true, true, true}), "acme").probe_failures == 0);
  ProjectTrend one = project_trend(probes({true, true, false}), "acme");
  CHECK(one.probe_failures == 1);
  CHECK(one.alerts.empty());
  ProjectTrend two = project_trend(probes({true, false, false}), "acme");
  CHECK(two.probe_failures == 2);
  CHECK(two.alerts.empty());
  ProjectTrend three = project_trend(probes({true, false, false, false}), "acme");
  CHECK(three.probe_failures == 3);
  REQUIRE(three.alerts.size() == 1);
  CHECK(three.alerts[0] == Alert{"probe", "gateway down for 3 probes"});
  CHECK(project_trend(probes({false, false, false, false, false}), "acme").alerts[0].message ==
        "gateway down for 5 probes");
}

TEST_CASE("status alerts: failures that are not consecutive do not add up") {
  CHECK(project_trend(probes({false, false, true, false}), "acme").probe_failures == 1);
  CHECK(project_trend(probes({false, false, true, false}), "acme").alerts.empty());
}

TEST_CASE("status alerts: the probe alert clears once a probe passes") {
  ProjectTrend recovered = project_trend(probes({false, false, false, true}), "acme");
  CHECK(recovered.probe_failures == 0);
  CHECK(recovered.alerts.empty());
}

TEST_CASE("status alerts: another project's failures are not this one's") {
  std::vector<StatusSample> history = probes({true, true, true});
  for (StatusSample& s : history) s.projects.push_back({"globex", false, false, "", 1});
  CHECK(project_trend(history, "acme").alerts.empty());
  CHECK(project_trend(history, "globex").probe_failures == 3);
  CHECK(project_trend(history, "missing").probe_failures == 0);
}

// Weekly samples from `weeks` weeks back, growing by `weekly` bytes a week,
// then the last week's growth `last`.
std::vector<StatusSample> weeks_of(int weeks, std::uint64_t weekly, std::uint64_t last) {
  std::vector<StatusSample> history;
  std::uint64_t disk = 500 * kMiB;
  for (int w = weeks; w >= 1; --w, disk += weekly) history.push_back(sample(kNow - w * kWeek, true, disk));
  history.push_back(sample(kNow, true, disk - weekly + last));
  return history;
}

TEST_CASE("status alerts: a week growing at 2x the weekly average alerts") {
  ProjectTrend t = project_trend(weeks_of(6, 4 * kMiB, 10 * kMiB), "acme");
  REQUIRE(t.weekly_growth);
  CHECK(*t.weekly_growth == 10 * kMiB);
  REQUIRE(t.weekly_average);
  CHECK(*t.weekly_average == doctest::Approx(4.0 * kMiB));
  REQUIRE(t.alerts.size() == 1);
  CHECK(t.alerts[0] == Alert{"disk", "disk grew 10.0 MiB this week, 2.5x the weekly average 4.0 MiB"});
  // Exactly twice alerts; just under does not.
  CHECK(project_trend(weeks_of(6, 4 * kMiB, 8 * kMiB), "acme").alerts.size() == 1);
  CHECK(project_trend(weeks_of(6, 4 * kMiB, 8 * kMiB - 1), "acme").alerts.empty());
}

TEST_CASE("status alerts: growth at or under the 1 MiB floor never alerts") {
  CHECK(project_trend(weeks_of(4, 100'000, 1 * kMiB), "acme").alerts.empty());
  CHECK(project_trend(weeks_of(4, 100'000, 1 * kMiB + 1), "acme").alerts.size() == 1);
}

TEST_CASE("status alerts: a flat history then growth alerts, saying the average was nothing") {
  ProjectTrend t = project_trend(weeks_of(3, 0, 5 * kMiB), "acme");
  REQUIRE(t.alerts.size() == 1);
  CHECK(t.alerts[0].message == "disk grew 5.0 MiB this week; the weekly average was 0 B");
}

TEST_CASE("status alerts: too little history gives no disk alert") {
  // Under a week: no weekly growth at all.
  std::vector<StatusSample> days;
  for (int d = 5; d >= 0; --d) days.push_back(sample(kNow - d * kDay, true, 100 * kMiB + (5 - d) * 50 * kMiB));
  ProjectTrend short_history = project_trend(days, "acme");
  CHECK_FALSE(short_history.weekly_growth);
  CHECK(short_history.alerts.empty());
  // A week, but no full earlier week: growth known, no average, no alert.
  ProjectTrend one_week = project_trend(weeks_of(1, 0, 100 * kMiB), "acme");
  REQUIRE(one_week.weekly_growth);
  CHECK(*one_week.weekly_growth == 100 * kMiB);
  CHECK_FALSE(one_week.weekly_average);
  CHECK(one_week.alerts.empty());
  // One sample.
  CHECK_FALSE(project_trend({sample(kNow, true)}, "acme").weekly_growth);
}

TEST_CASE("status alerts: the week's anchor is the sample nearest a week ago") {
  std::vector<StatusSample> history = {sample(kNow - 3 * kWeek, true, 10 * kMiB),
                                       sample(kNow - kWeek - 2 * kDay, true, 20 * kMiB),
                                       sample(kNow - kWeek + 1800, true, 30 * kMiB),
                                       sample(kNow - 3 * kDay, true, 35 * kMiB), sample(kNow, true, 40 * kMiB)};
  ProjectTrend t = project_trend(history, "acme");
  REQUIRE(t.weekly_growth);
  CHECK(*t.weekly_growth == 10 * kMiB);
}

TEST_CASE("status alerts: a shrinking disk is no alert") {
  CHECK(project_trend(weeks_of(6, 4 * kMiB, 0), "acme").alerts.empty());
  std::vector<StatusSample> h = weeks_of(6, 4 * kMiB, 0);
  h.back().projects[0].disk_bytes -= 50 * kMiB;
  ProjectTrend t = project_trend(h, "acme");
  CHECK(*t.weekly_growth < 0);
  CHECK(t.alerts.empty());
}

TEST_CASE("status: bytes for people") {
  CHECK(format_bytes(0) == "0 B");
  CHECK(format_bytes(1023) == "1023 B");
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(10.0 * kMiB) == "10.0 MiB");
  CHECK(format_bytes(-2.0 * kMiB) == "-2.0 MiB");
  CHECK(format_bytes(3.0 * 1024 * kMiB) == "3.0 GiB");
}

}  // namespace
}  // namespace clawform
