// restore's reading of a backup set's index, and how a file of the set is
// told to differ from what the index says of it.
#include <doctest/doctest.h>

#include "compiler/operations/restore_input.h"

namespace clawform {
namespace {

using nlohmann::json;

json index_json() {
  return json::parse(R"({
    "kind": "clawform-backup", "format": 1, "created_at": "2026-12-01T23:42:00Z",
    "clawform_version": "0.9.0", "fleet": "m4pro-sg-01", "region": "sg", "topology": "C",
    "recipients": ["age1xyz"], "checklist": null,
    "instances": [
      {"instance": "acme", "projects": ["acme"], "openclaw_version": "2026.9.6", "node_major": 24,
       "state_dir": "/r/home/operator/.openclaw-acme", "archive_root": "x",
       "files": [{"role": "state", "path": "acme/state.tar.gz", "bytes": 45012, "sha256": "aa"},
                 {"role": "secrets", "path": "acme/secrets.tar.age", "bytes": 900, "sha256": "bb",
                  "contains": [".env"]}],
       "removed_from_archive": [".env"], "seconds": 2.6},
      {"instance": "globex", "projects": ["globex"], "openclaw_version": "2026.9.6", "node_major": 24,
       "state_dir": "/r/home/operator/.openclaw-globex", "archive_root": "y",
       "files": [{"role": "state", "path": "globex/state.tar.gz", "bytes": 1, "sha256": "cc"}],
       "removed_from_archive": [], "seconds": 1.0}]})");
}

TEST_CASE("restore input: a backup index is read, its files by role") {
  Result<RestoreSet> set = restore_set_from_json(index_json());
  REQUIRE_MESSAGE(set, set.message());
  CHECK(set->topology == "C");
  CHECK_FALSE(set->checklist.has_value());
  REQUIRE(set->instances.size() == 2);
  const RestoreInstance& acme = set->instances[0];
  CHECK(acme.state_dir == "/r/home/operator/.openclaw-acme");
  REQUIRE(acme.file("state"));
  CHECK(acme.file("state")->bytes == 45012);
  CHECK(acme.file("secrets")->path == "acme/secrets.tar.age");
  CHECK(set->instances[1].file("secrets") == nullptr);
}

TEST_CASE("restore input: an index error names the first bad field") {
  json bad = index_json();
  bad["instances"][0]["files"][1]["sha256"] = 7;
  CHECK(restore_set_from_json(bad).message() == "instances[0].files[1].sha256: not a string");
  bad = index_json();
  bad["instances"][1].erase("state_dir");
  CHECK(restore_set_from_json(bad).message() == "instances[1].state_dir: missing");
  bad = index_json();
  bad["instances"][0]["files"][0]["bytes"] = -1;
  CHECK(restore_set_from_json(bad).message() == "instances[0].files[0].bytes: not a non-negative integer");
  bad = index_json();
  bad["kind"] = "something-else";
  CHECK(restore_set_from_json(bad).message() ==
        "kind: \"something-else\", not a clawform backup index (\"clawform-backup\")");
  bad = index_json();
  bad["format"] = 2;
  CHECK(restore_set_from_json(bad).message() == "format: 2: this clawform reads format 1");
  bad = index_json();
  bad["instances"][1]["files"][0]["role"] = "secrets";
  CHECK(restore_set_from_json(bad).message() == "instances[1].files: no file of role \"state\"");
  CHECK(restore_set_from_json(json::array()).message() == "the index: not an object");
}

TEST_CASE("restore input: a file path must stay inside the set") {
  for (const char* path : {"/etc/passwd", "../elsewhere/state.tar.gz", "acme/../../x", "acme//state.tar.gz", ""}) {
    json bad = index_json();
    bad["instances"][0]["files"][0]["path"] = path;
    CHECK_MESSAGE(restore_set_from_json(bad).message() ==
                      std::string("instances[0].files[0].path: \"") + path +
                          "\" is not a relative path inside the set",
                  path);
  }
}

TEST_CASE("restore input: --project picks the instance serving it, else names the projects") {
  Result<RestoreSet> set = restore_set_from_json(index_json());
  REQUIRE(set);
  Result<std::vector<const RestoreInstance*>> all = select_instances(*set, "");
  REQUIRE(all);
  CHECK(all->size() == 2);
  Result<std::vector<const RestoreInstance*>> globex = select_instances(*set, "globex");
  REQUIRE(globex);
  REQUIRE(globex->size() == 1);
  CHECK(globex->front()->instance == "globex");
  CHECK(select_instances(*set, "initech").message() == "project initech is not in this backup set (it holds: acme, globex)");
}

TEST_CASE("restore input: a file that differs from the index is named with what differs") {
  const RestoreFile file{.role = "state", .path = "acme/state.tar.gz", .bytes = 45012, .sha256 = "aa"};
  CHECK(file_difference(file, {.exists = false, .bytes = 0, .sha256 = ""}) ==
        "acme/state.tar.gz: missing (the index says 45012 bytes)");
  CHECK(file_difference(file, {.exists = true, .bytes = 44012, .sha256 = ""}) ==
        "acme/state.tar.gz: 44012 bytes, the index says 45012 (truncated or replaced)");
  CHECK(file_difference(file, {.exists = true, .bytes = 45012, .sha256 = "ab"}) ==
        "acme/state.tar.gz: sha256 ab, the index says aa (altered)");
  CHECK_FALSE(file_difference(file, {.exists = true, .bytes = 45012, .sha256 = "aa"}).has_value());
}

}  // namespace
}  // namespace clawform
