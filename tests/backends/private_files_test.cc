// What clawform keeps for itself stays private under a hostile umask (000):
// directories made 0700 (parents 0755, never group- or world-writable),
// files 0600, saved copies 0600 in 0700 directories with the modes they
// stand for given back on restore; the lock file 0600. And verify_paths()
// tells a restored path from one that differs from its record.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/host_lock.h"
#include "backends/path_snapshot.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

namespace fs = std::filesystem;

// The process umask for one test (each TEST_CASE runs in its own process).
struct HostileUmask {
  mode_t old = ::umask(0);
  ~HostileUmask() { ::umask(old); }
};

unsigned mode_of(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return 07777;
  return st.st_mode & 07777;
}

void write(const std::string& path, const std::string& text, unsigned mode) {
  std::ofstream(path, std::ios::binary) << text;
  ::chmod(path.c_str(), mode);
}

TEST_CASE("private files: make_dirs under umask 000 makes the directory 0700 and its parents 0755") {
  HostileUmask umask;
  testing::TempDir dir;
  REQUIRE(make_dirs(dir.path("a/b/.clawform"), 0700).is_ok());
  CHECK(mode_of(dir.path("a")) == 0755);
  CHECK(mode_of(dir.path("a/b")) == 0755);
  CHECK(mode_of(dir.path("a/b/.clawform")) == 0700);
  REQUIRE(make_dirs(dir.path("a/b/.clawform/journal/saved/3/"), 0700, 0700).is_ok());
  CHECK(mode_of(dir.path("a/b/.clawform/journal")) == 0700);
  CHECK(mode_of(dir.path("a/b/.clawform/journal/saved/3")) == 0700);

  ::chmod(dir.path("a").c_str(), 0711);  // one that exists is left as it is
  REQUIRE(make_dirs(dir.path("a/c"), 0700).is_ok());
  CHECK(mode_of(dir.path("a")) == 0711);

  write(dir.path("a/file"), "x", 0600);
  Status blocked = make_dirs(dir.path("a/file/d"), 0700);
  CHECK(blocked.message() == dir.path("a/file/d") + ": mkdir: " + dir.path("a/file") + " is not a directory");
}

TEST_CASE("private files: a file written under umask 000 has its mode") {
  HostileUmask umask;
  testing::TempDir dir;
  REQUIRE(write_file_atomic(dir.path("key.env"), "K=v\n", 0600).is_ok());
  CHECK(mode_of(dir.path("key.env")) == 0600);
}

TEST_CASE("private files: saved copies are 0600 in 0700 dirs under umask 000, and restore gives back the modes") {
  HostileUmask umask;
  testing::TempDir dir;
  const std::string state = dir.path("state"), saved = dir.path("journal/saved/4");
  fs::create_directories(state + "/plugins/nostr");
  ::chmod((state + "/plugins").c_str(), 0755);
  ::chmod((state + "/plugins/nostr").c_str(), 0750);
  write(state + "/plugins/nostr/index.js", "js", 0644);
  write(state + "/sessions.json", "{}", 0640);
  write(dir.path("openclaw.json"), "{\"a\":1}", 0644);

  Result<nlohmann::json> record =
      save_paths({{dir.path("openclaw.json"), false}, {state, true}}, dir.path(), saved);
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  CHECK(mode_of(saved) == 0700);
  CHECK(mode_of(saved + "/0") == 0600);
  CHECK(mode_of(saved + "/1") == 0700);
  CHECK(mode_of(saved + "/1/plugins") == 0700);
  CHECK(mode_of(saved + "/1/plugins/nostr/index.js") == 0600);
  CHECK(mode_of(saved + "/1/sessions.json") == 0600);
  CHECK(mode_of(saved + "/1.modes") == 0600);
  CHECK(verify_paths(*record, saved).is_ok());

  fs::remove_all(state);
  write(dir.path("openclaw.json"), "{\"a\":2}", 0600);
  REQUIRE(restore_paths(*record, saved).is_ok());
  CHECK(mode_of(dir.path("openclaw.json")) == 0644);
  CHECK(mode_of(state + "/plugins") == 0755);
  CHECK(mode_of(state + "/plugins/nostr") == 0750);
  CHECK(mode_of(state + "/plugins/nostr/index.js") == 0644);
  CHECK(mode_of(state + "/sessions.json") == 0640);
  Status same = verify_paths(*record, saved);
  CHECK_MESSAGE(same.is_ok(), same.message());
}

TEST_CASE("private files: verify_paths names the first path unlike its record") {
  testing::TempDir dir;
  const std::string state = dir.path("state"), saved = dir.path("saved");
  fs::create_directories(state + "/db");
  write(state + "/db/main.sqlite", "DB1", 0600);
  write(dir.path("keys.env"), "K=1\n", 0600);
  Result<nlohmann::json> record = save_paths(
      {{dir.path("keys.env"), false}, {state + "/db", true}, {dir.path("new/file"), false}}, dir.path(), saved);
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  REQUIRE(verify_paths(*record, saved).is_ok());

  SUBCASE("bytes") {
    write(dir.path("keys.env"), "K=2\n", 0600);
    CHECK(verify_paths(*record, saved).message() == dir.path("keys.env") + " differs from its saved copy");
  }
  SUBCASE("mode") {
    ::chmod(dir.path("keys.env").c_str(), 0644);
    CHECK(verify_paths(*record, saved).message() == dir.path("keys.env") + " is mode 0644; it was 0600 before the apply");
  }
  SUBCASE("an entry more in a tree") {
    write(state + "/db/main.sqlite-wal", "WAL", 0600);
    CHECK(verify_paths(*record, saved).message() == state + "/db/main.sqlite-wal exists; it did not before the apply");
  }
  SUBCASE("an entry less in a tree") {
    fs::remove(state + "/db/main.sqlite");
    CHECK(verify_paths(*record, saved).message() == state + "/db/main.sqlite is missing; it existed before the apply");
  }
  SUBCASE("a path that was absent") {
    fs::create_directories(dir.path("new"));
    CHECK(verify_paths(*record, saved).message() == dir.path("new") + " exists; it did not before the apply");
  }
}

TEST_CASE("private files: the lock is 0600 in a 0700 .clawform under umask 000, and names its holder") {
  HostileUmask umask;
  testing::TempDir dir;
  const std::string clawform_dir = dir.path("root/.clawform");
  Result<HostLock> held = HostLock::acquire(clawform_dir, "apply", false);
  REQUIRE_MESSAGE(held.is_ok(), held.message());
  CHECK(mode_of(clawform_dir) == 0700);
  CHECK(mode_of(clawform_dir + "/lock") == 0600);
  Result<HostLock> second = HostLock::acquire(clawform_dir, "apply", true);
  REQUIRE_FALSE(second.is_ok());
  const std::string holder = fmt::format("clawform apply (pid {} on host {}, since ", ::getpid(), this_host());
  CHECK_MESSAGE(second.message().starts_with("another clawform holds the lock on this host root: " + holder),
                second.message());
  // Nothing but the lock is left behind by the refused taker.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(clawform_dir)) names.push_back(entry.path().filename());
  CHECK(names == std::vector<std::string>{"lock"});
}

}  // namespace
}  // namespace clawform
