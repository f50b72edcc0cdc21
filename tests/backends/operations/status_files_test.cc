// What `clawform status` reads and writes on disk: plugin versions from
// npm's install records (no openclaw), and the history file (one line a
// run, a torn last line closed first, damaged lines dropped by a rewrite,
// thinning once enough would go).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "backends/file_io.h"
#include "backends/operations/status_history_file.h"
#include "backends/operations/status_sample.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

using testing::TempDir;

void put(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string lock_of(const std::string& package, const std::string& version) {
  return R"({"name":"p","lockfileVersion":3,"packages":{"":{"dependencies":{")" + package + R"(":")" + version +
         R"("}},"node_modules/)" + package + R"(":{"version":")" + version +
         R"(","integrity":"sha512-abc"},"node_modules/left-pad":{"version":"1.3.0","integrity":"sha512-x"}}})";
}

TEST_CASE("status: plugin versions come from npm's install records") {
  TempDir dir;
  const std::string state = dir.path("state");
  put(state + "/npm/projects/openclaw-nostr-f80abd95cb/package-lock.json", lock_of("@openclaw/nostr", "2026.9.5"));
  put(state + "/npm/projects/openclaw-matrix-0123456789/package-lock.json", lock_of("@openclaw/matrix", "2026.8.1"));
  // A staging dir of an install in progress is not an install.
  put(state + "/npm/projects/.openclaw-install-stage-Fwv0dw/package-lock.json", lock_of("@openclaw/zalo", "9.9.9"));
  auto found = installed_packages(state, {"@openclaw/nostr", "@openclaw/matrix", "@openclaw/zalo", "left-pad"});
  CHECK(found.size() == 2);
  CHECK(found["@openclaw/nostr"].version == "2026.9.5");
  CHECK(found["@openclaw/matrix"].version == "2026.8.1");
  CHECK_FALSE(found.count("@openclaw/zalo"));
  CHECK_FALSE(found.count("left-pad"));  // a dependency of a plugin, not one installed
  CHECK(installed_packages(dir.path("absent"), {"@openclaw/nostr"}).empty());
}

TEST_CASE("status: an unreadable install record is an error on the package it hides") {
  TempDir dir;
  const std::string state = dir.path("state");
  put(state + "/npm/projects/openclaw-nostr-f80abd95cb/package-lock.json", "{\"packages\":");
  auto found = installed_packages(state, {"@openclaw/nostr"});
  REQUIRE(found.count("@openclaw/nostr"));
  CHECK(found["@openclaw/nostr"].error ==
        "no install record found; " + state +
            "/npm/projects/openclaw-nostr-f80abd95cb/package-lock.json: not a JSON object (npm's install record)");
}

TEST_CASE("status: a workspace inside the state dir is not counted twice") {
  TempDir dir;
  put(dir.path("state/openclaw.json"), std::string(1000, 'x'));
  put(dir.path("state/cache/big"), std::string(5000, 'x'));
  put(dir.path("state/workspace/a.md"), std::string(300, 'x'));
  put(dir.path("elsewhere/b.md"), std::string(200, 'x'));
  CHECK(state_dir_bytes(dir.path("state")) == 1300);
  CHECK(workspace_bytes(dir.path("state/workspace"), dir.path("state")) == 0);
  CHECK(workspace_bytes(dir.path("state/workspace/"), dir.path("state/")) == 0);
  CHECK(workspace_bytes(dir.path("elsewhere"), dir.path("state")) == 200);
  put(dir.path("state-2/c.md"), std::string(50, 'x'));
  CHECK(workspace_bytes(dir.path("state-2"), dir.path("state")) == 50);  // beside "state", not inside it
}

StatusSample at(std::int64_t t, bool health = true) { return {t, {{"acme", health, health, "2026.9.6", 100}}}; }

std::string history_text(const TempDir& dir) { return *read_file(dir.path(".clawform/status/history.jsonl")); }

TEST_CASE("status: the history gets one line a run, private") {
  TempDir dir;
  const std::string clawform_dir = dir.path(".clawform");
  Result<HistoryUpdate> first = record_status_sample(clawform_dir, at(1'796'169'600));
  REQUIRE(first);
  CHECK(first->samples.size() == 1);
  Result<HistoryUpdate> second = record_status_sample(clawform_dir, at(1'796'169'660, false));
  REQUIRE(second);
  CHECK(second->samples.size() == 2);
  CHECK_FALSE(second->rewritten);
  CHECK(history_text(dir) == history_line(at(1'796'169'600)) + history_line(at(1'796'169'660, false)));
  namespace fs = std::filesystem;
  CHECK((fs::status(clawform_dir + "/status").permissions() & fs::perms::all) == fs::perms::owner_all);
  CHECK((fs::status(clawform_dir + "/status/history.jsonl").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
}

TEST_CASE("status: a torn last line is closed first, then dropped with a warning by a rewrite") {
  TempDir dir;
  const std::string clawform_dir = dir.path(".clawform");
  put(dir.path(".clawform/status/history.jsonl"), history_line(at(1'796'169'600)) + "{\"t\":\"2026-12");
  Result<HistoryUpdate> update = record_status_sample(clawform_dir, at(1'796'169'660));
  REQUIRE(update);
  REQUIRE(update->warnings.size() == 1);
  CHECK(update->warnings[0].ends_with("history.jsonl:2: skipped a damaged sample (not a JSON object)"));
  CHECK(update->samples.size() == 2);
  CHECK(update->rewritten);
  CHECK(history_text(dir) == history_line(at(1'796'169'600)) + history_line(at(1'796'169'660)));
  Result<HistoryUpdate> next = record_status_sample(clawform_dir, at(1'796'169'720));
  REQUIRE(next);
  CHECK(next->warnings.empty());
}

TEST_CASE("status: the history is thinned once enough samples would go") {
  TempDir dir;
  const std::string clawform_dir = dir.path(".clawform");
  const std::int64_t now = 1'796'169'600;
  std::string text;
  for (std::int64_t t = now - 4 * 86'400; t < now; t += 60) text += history_line(at(t));  // four days of minutes
  put(dir.path(".clawform/status/history.jsonl"), text);
  Result<HistoryUpdate> update = record_status_sample(clawform_dir, at(now));
  REQUIRE(update);
  CHECK(update->rewritten);
  CHECK(update->samples.size() == 2 * 1440 + 1 + 48);  // two days whole (and now), then two days of hours
  CHECK(parse_history(history_text(dir), "h").samples == update->samples);
  // Under the limit: appended only.
  ThinningPolicy policy;
  policy.rewrite_after = 1'000'000;
  Result<HistoryUpdate> later = record_status_sample(clawform_dir, at(now + 60), policy);
  REQUIRE(later);
  CHECK_FALSE(later->rewritten);
}

TEST_CASE("status: a history that cannot be opened is an error naming it") {
  TempDir dir;
  std::filesystem::create_directories(dir.path(".clawform/status/history.jsonl"));
  Result<HistoryUpdate> update = record_status_sample(dir.path(".clawform"), at(1'796'169'600));
  REQUIRE_FALSE(update);
  CHECK(update.message() == dir.path(".clawform/status/history.jsonl") + ": open: Is a directory");
}

}  // namespace
}  // namespace clawform
