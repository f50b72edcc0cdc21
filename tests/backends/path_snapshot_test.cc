// Saving paths and restoring them byte for byte: files, modes, whole trees
// (entries added since removed), symlinks, and missing paths recorded as
// their highest missing ancestor; restoring twice is the same as once.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "backends/file_io.h"
#include "backends/path_snapshot.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

namespace fs = std::filesystem;

void write(const std::string& path, const std::string& text, unsigned mode = 0644) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
  ::chmod(path.c_str(), mode);
}

std::string read(const std::string& path) {
  Result<std::string> bytes = read_file(path);
  return bytes ? *bytes : "(unreadable: " + bytes.message() + ")";
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st.st_mode & 07777;
}

TEST_CASE("path_snapshot: files, trees and symlinks come back as they were") {
  testing::TempDir dir;
  const std::string root = dir.path("root"), saved = dir.path("saved");
  write(root + "/state/openclaw.json", "{\"a\":1}\n", 0600);
  write(root + "/state/db/main.sqlite", "DB1", 0640);
  fs::create_symlink("openclaw.json", root + "/state/link");

  Result<nlohmann::json> record =
      save_paths({{root + "/state/openclaw.json", false}, {root + "/state/db", true}, {root + "/state/link", false}},
                 root, saved);
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  CHECK(mode_of(saved) == 0700);
  CHECK(mode_of(saved + "/0") == 0600);  // a key file's copy keeps its 0600

  write(root + "/state/openclaw.json", "{\"a\":2}\n", 0644);
  write(root + "/state/db/main.sqlite", "DB2", 0600);
  write(root + "/state/db/main.sqlite-wal", "WAL", 0600);
  fs::remove(root + "/state/link");
  write(root + "/state/link", "not a link");

  for (int time = 0; time < 2; ++time) {
    Status restored = restore_paths(*record, saved);
    REQUIRE_MESSAGE(restored.is_ok(), restored.message());
    CHECK(read(root + "/state/openclaw.json") == "{\"a\":1}\n");
    CHECK(mode_of(root + "/state/openclaw.json") == 0600);
    CHECK(read(root + "/state/db/main.sqlite") == "DB1");
    CHECK(mode_of(root + "/state/db/main.sqlite") == 0640);
    CHECK_FALSE(fs::exists(root + "/state/db/main.sqlite-wal"));
    CHECK(fs::is_symlink(root + "/state/link"));
    CHECK(fs::read_symlink(root + "/state/link") == "openclaw.json");
  }
}

TEST_CASE("path_snapshot: a missing path is removed with the parents the step created") {
  testing::TempDir dir;
  const std::string root = dir.path("root");
  fs::create_directories(root);
  Result<nlohmann::json> record =
      save_paths({{root + "/home/operator/.openclaw-acme", false}}, root, dir.path("saved"));
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  CHECK(record->at(0).at("path") == root + "/home");
  CHECK(record->at(0).at("state") == "absent");
  write(root + "/home/operator/.openclaw-acme/openclaw.json", "{}");
  REQUIRE(restore_paths(*record, dir.path("saved")).is_ok());
  CHECK_FALSE(fs::exists(root + "/home"));
  CHECK(fs::exists(root));  // never above the floor
}

TEST_CASE("path_snapshot: KeepShared keeps a created parent another instance's paths are in") {
  // bravo's step created home/operator first; alpha's paths went in beside
  // bravo's; bravo alone is rolled back (instances applied at once).
  testing::TempDir dir;
  const std::string root = dir.path("root");
  fs::create_directories(root);
  Result<nlohmann::json> record =
      save_paths({{root + "/home/operator/.openclaw-bravo", false}}, root, dir.path("saved"));
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  CHECK(record->at(0).at("target") == root + "/home/operator/.openclaw-bravo");
  write(root + "/home/operator/.openclaw-bravo/openclaw.json", "{}");
  write(root + "/home/operator/.openclaw-alpha/openclaw.json", "{\"alpha\":1}");
  CHECK_FALSE(verify_paths(*record, dir.path("saved"), MissingParents::KeepShared).is_ok());

  for (int time = 0; time < 2; ++time) {
    REQUIRE(restore_paths(*record, dir.path("saved"), MissingParents::KeepShared).is_ok());
    CHECK_FALSE(fs::exists(root + "/home/operator/.openclaw-bravo"));
    CHECK(read(root + "/home/operator/.openclaw-alpha/openclaw.json") == "{\"alpha\":1}");
    Status same = verify_paths(*record, dir.path("saved"), MissingParents::KeepShared);
    CHECK_MESSAGE(same.is_ok(), same.message());
  }
  // The default (the whole apply undone) removes what the step created, all of it.
  CHECK_FALSE(verify_paths(*record, dir.path("saved")).is_ok());

  // Once alpha is gone too, the parents bravo created go with bravo's undo.
  fs::remove_all(root + "/home/operator/.openclaw-alpha");
  REQUIRE(restore_paths(*record, dir.path("saved"), MissingParents::KeepShared).is_ok());
  CHECK_FALSE(fs::exists(root + "/home"));
  CHECK(fs::exists(root));
  CHECK(verify_paths(*record, dir.path("saved"), MissingParents::KeepShared).is_ok());
}

TEST_CASE("path_snapshot: a directory's mode is restored without touching its content") {
  testing::TempDir dir;
  const std::string path = dir.path("state");
  fs::create_directories(path);
  ::chmod(path.c_str(), 0755);
  Result<nlohmann::json> record = save_paths({{path, false}}, dir.path(), dir.path("saved"));
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  ::chmod(path.c_str(), 0700);
  write(path + "/kept", "x");
  REQUIRE(restore_paths(*record, dir.path("saved")).is_ok());
  CHECK(mode_of(path) == 0755);
  CHECK(read(path + "/kept") == "x");
}

TEST_CASE("path_snapshot: a damaged record is an error, not a crash") {
  testing::TempDir dir;
  Status restored = restore_paths(nlohmann::json::array({{{"path", dir.path("x")}}}), dir.path());
  CHECK_FALSE(restored.is_ok());
  CHECK(restored.message().find("damaged") != std::string::npos);
}

}  // namespace
}  // namespace clawform
