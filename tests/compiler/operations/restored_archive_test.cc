// What a restore drill reads of `openclaw backup restore`'s result, and how
// the restored config is pointed at the restored copy instead of the live
// instance's paths; where its scratch gateway may listen.
#include <doctest/doctest.h>

#include "compiler/operations/restored_archive.h"
#include "compiler/operations/scratch_port.h"

namespace clawform {
namespace {

using nlohmann::json;

TEST_CASE("restored archive: the root and the assets of a restore") {
  // Shapes observed from OpenClaw 2026.9.6 (backup restore --json, manifest.json).
  Result<std::string> root = restore_output_root(R"({"ok":true,"archiveRoot":"2026-12-01T23-47-40.850+00-00-openclaw-backup","warnings":[]})");
  REQUIRE(root);
  CHECK(*root == "2026-12-01T23-47-40.850+00-00-openclaw-backup");
  CHECK(restore_output_root(R"({"ok":true})").message() == "openclaw backup restore --json: no \"archiveRoot\"");
  CHECK(!restore_output_root("not json"));

  Result<RestoredArchive> archive = parse_archive_manifest(R"({"schemaVersion":1,"archiveRoot":"R","runtimeVersion":"2026.9.6",
    "paths":{"stateDir":"/h/.openclaw-acme","configPath":"/h/.openclaw-acme/openclaw.json"},
    "assets":[{"kind":"state","sourcePath":"/h/.openclaw-acme","archivePath":"R/payload/posix/h/.openclaw-acme"}]})");
  REQUIRE_MESSAGE(archive, archive.message());
  CHECK(archive->runtime_version == "2026.9.6");
  CHECK(archive->config_path == "/h/.openclaw-acme/openclaw.json");
  REQUIRE(archive->assets.size() == 1);
  CHECK(archive->assets[0].archive_path == "R/payload/posix/h/.openclaw-acme");
  CHECK(parse_archive_manifest(R"({"assets":[{"kind":"state"}]})").message() ==
        "manifest.json: asset \"state\" without sourcePath or archivePath");
}

TEST_CASE("restored archive: relocated() follows the longest moved directory, whole names only") {
  const std::vector<PathMove> moves = {{"/h/.openclaw-acme", "/s/state"}, {"/h/.openclaw-acme/ws", "/s/r/ws"}};
  CHECK(relocated("/h/.openclaw-acme", moves) == "/s/state");
  CHECK(relocated("/h/.openclaw-acme/agents/main/agent", moves) == "/s/state/agents/main/agent");
  CHECK(relocated("/h/.openclaw-acme/ws/notes.md", moves) == "/s/r/ws/notes.md");
  CHECK_FALSE(relocated("/h/.openclaw-acme2/workspace", moves).has_value());
  CHECK_FALSE(relocated("/elsewhere", moves).has_value());
}

TEST_CASE("restored archive: the relocation patch rewrites every moved path, nothing else") {
  const json config = json::parse(R"({
    "agents": {"defaults": {"workspace": "/h/.openclaw-acme/workspace"},
               "entries": {"acme": {"name": "acme", "workspace": "/h/.openclaw-acme/workspace",
                                    "agentDir": "/h/.openclaw-acme/agents/acme/agent"}}},
    "plugins": {"load": {"paths": ["/opt/shared/plugin", "/h/.openclaw-acme/local-plugin"]}},
    "gateway": {"port": 18789, "auth": {"mode": "token"}}})");
  const json patch = relocation_patch(config, {{"/h/.openclaw-acme", "/s/state"}});
  CHECK(patch == json::parse(R"({
    "agents": {"defaults": {"workspace": "/s/state/workspace"},
               "entries": {"acme": {"workspace": "/s/state/workspace", "agentDir": "/s/state/agents/acme/agent"}}},
    "plugins": {"load": {"paths": ["/opt/shared/plugin", "/s/state/local-plugin"]}}})"));
  json patched = config;
  patched.merge_patch(patch);
  CHECK(patched["agents"]["entries"]["acme"]["name"] == "acme");
  CHECK(patched["gateway"]["port"] == 18789);
  CHECK(relocation_patch(config, {{"/nowhere", "/s"}}) == json::object());
}

TEST_CASE("restore scratch ports: a range is read, a whole free block is chosen") {
  Result<ScratchPortRange> range = parse_scratch_ports("40600-40999");
  REQUIRE(range);
  CHECK(range->first == 40600);
  CHECK(range->last == 40999);
  CHECK(parse_scratch_ports("40999-40600").message() ==
        "--scratch-ports 40999-40600: expected FIRST-LAST, ports between 1 and 65535 (e.g. 28789-29788)");
  CHECK(!parse_scratch_ports("x-1"));
  CHECK(!parse_scratch_ports("0-10"));
  CHECK(parse_scratch_ports(kDefaultScratchPorts));

  auto none = [](int) { return false; };
  CHECK(free_port_block(*range, 111, none) == 40600);
  // Something on 40650 takes every block holding it: the next starts at 40651.
  CHECK(free_port_block(*range, 111, [](int p) { return p == 40650; }) == 40651);
  CHECK(free_port_block(*range, 111, [](int p) { return p == 40600 || p == 40700; }) == 40701);
  CHECK_FALSE(free_port_block({40600, 40700}, 111, none).has_value());
  CHECK_FALSE(free_port_block(*range, 111, [](int p) { return p % 100 == 0; }).has_value());
}

}  // namespace
}  // namespace clawform
