// The backup index (DIR/<stamp>/index.json): its exact JSON, the way back,
// set names and retention.
#include <doctest/doctest.h>

#include "compiler/operations/backup_index.h"

namespace clawform {
namespace {

BackupIndex sample() {
  BackupIndex index;
  index.created_at = "2026-12-01T23:42:00Z";
  index.clawform_version = "0.1.0";
  index.fleet = "m4pro-sg-01";
  index.region = "sg";
  index.topology = "C";
  index.recipients = {"age1mzda642jx2mceh0qwylmpcmd359yfvuc4ufflkvgccdrr0pg6c4q9ejmz3"};
  index.checklist = {{"label", "backup"}};
  BackupInstance acme;
  acme.instance = "acme";
  acme.projects = {"acme"};
  acme.openclaw_version = "2026.9.6";
  acme.node_major = 24;
  acme.state_dir = "/home/operator/.openclaw-acme";
  acme.archive_root = "2026-12-01T23-42-00.000Z-openclaw-backup";
  acme.files = {{"state", "acme/state.tar.gz", 52000, std::string(64, 'a')},
                {"secrets", "acme/secrets.tar.age", 10000, std::string(64, 'b'), {".env", "service/x.service"}}};
  acme.removed_from_archive = {"x/payload/posix/home/operator/.openclaw-acme/.env"};
  acme.seconds = 2.5;
  index.instances.push_back(acme);
  return index;
}

TEST_CASE("backup index: the JSON shape restore reads") {
  const nlohmann::json j = backup_index_to_json(sample());
  CHECK(j.dump() ==
        R"({"checklist":{"label":"backup"},"clawform_version":"0.1.0","created_at":"2026-12-01T23:42:00Z",)"
        R"("fleet":"m4pro-sg-01","format":1,"instances":[{"archive_root":"2026-12-01T23-42-00.000Z-openclaw-backup",)"
        R"("files":[{"bytes":52000,"path":"acme/state.tar.gz","role":"state","sha256":")" +
            std::string(64, 'a') +
            R"("},{"bytes":10000,"contains":[".env","service/x.service"],"path":"acme/secrets.tar.age",)"
            R"("role":"secrets","sha256":")" +
            std::string(64, 'b') +
            R"("}],"instance":"acme","node_major":24,"openclaw_version":"2026.9.6","projects":["acme"],)"
            R"("removed_from_archive":["x/payload/posix/home/operator/.openclaw-acme/.env"],"seconds":2.5,)"
            R"("state_dir":"/home/operator/.openclaw-acme"}],"kind":"clawform-backup",)"
            R"("recipients":["age1mzda642jx2mceh0qwylmpcmd359yfvuc4ufflkvgccdrr0pg6c4q9ejmz3"],"region":"sg",)"
            R"("topology":"C"})");
}

TEST_CASE("backup index: read back, it is the same index") {
  const nlohmann::json j = backup_index_to_json(sample());
  Result<BackupIndex> back = backup_index_from_json(j);
  REQUIRE(back);
  CHECK(backup_index_to_json(*back) == j);
  REQUIRE(back->find("acme"));
  CHECK(back->find("acme")->files[1].contains.size() == 2);
  CHECK(back->find("globex") == nullptr);
}

TEST_CASE("backup index: a wrong document is refused, naming the field") {
  nlohmann::json j = backup_index_to_json(sample());
  j["kind"] = "something-else";
  CHECK(backup_index_from_json(j).message() ==
        "kind is \"something-else\", not \"clawform-backup\": not a clawform backup index");
  j = backup_index_to_json(sample());
  j["format"] = 2;
  CHECK(backup_index_from_json(j).message() == "format 2 is not one this clawform reads (it reads format 1)");
  j = backup_index_to_json(sample());
  j["instances"][0]["files"][1]["sha256"] = 7;
  CHECK(backup_index_from_json(j).message() == "instances[0].files[1].sha256: not a string");
  j = backup_index_to_json(sample());
  j["instances"][0].erase("state_dir");
  CHECK(backup_index_from_json(j).message() == "instances[0].state_dir: missing");
  j = backup_index_to_json(sample());
  j["instances"][0]["files"][0]["bytes"] = -1;
  CHECK(backup_index_from_json(j).message() == "instances[0].files[0].bytes: not an integer of 0 or more");
  CHECK(backup_index_from_json(nlohmann::json::array()).message() == "the index: not an object");
}

TEST_CASE("backup sets: named by their UTC second, retention keeps the newest") {
  CHECK(backup_set_name(std::chrono::system_clock::from_time_t(1796168520)) == "20261201T234200Z");
  CHECK(is_backup_set_name("20261201T234200Z"));
  CHECK_FALSE(is_backup_set_name(".partial-20261201T234200Z"));
  CHECK_FALSE(is_backup_set_name("20261201-234200Z"));
  CHECK_FALSE(is_backup_set_name("notes"));
  CHECK(partial_set_name("20261201T234200Z") == ".partial-20261201T234200Z");
  CHECK(sets_beyond_keep({"20261203T000000Z", "20261201T000000Z", "20261202T000000Z"}, 1) ==
        std::vector<std::string>{"20261201T000000Z", "20261202T000000Z"});
  CHECK(sets_beyond_keep({"20261201T000000Z"}, 3).empty());
}

}  // namespace
}  // namespace clawform
