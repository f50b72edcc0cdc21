// clawform.lock: byte-for-byte round trips, sorted entries, errors at their
// line and column, and pins the lock does not cover.
#include <doctest/doctest.h>

#include <filesystem>

#include "schema/load.h"
#include "schema/lock_file.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

const std::string kIntegrityA = "sha512-" + std::string(86, 'A') + "==";
const std::string kIntegrityB = "sha512-" + std::string(86, 'b') + "==";

LockFile two_packages() {
  LockFile lock;
  lock.put({"openclaw", "2026.9.6", kIntegrityB, "https://registry.npmjs.org/openclaw/-/openclaw-2026.9.6.tgz", {}});
  lock.put({"@openclaw/nostr", "2026.9.5", kIntegrityA,
            "https://registry.npmjs.org/@openclaw/nostr/-/nostr-2026.9.5.tgz", {}});
  return lock;
}

TEST_CASE("lock file: rendered sorted by name and version, and read back byte for byte") {
  const std::string text = render_lock_file(two_packages());
  CHECK(text.find("name = \"@openclaw/nostr\"") < text.find("name = \"openclaw\""));
  Diagnostics diagnostics;
  std::optional<LockFile> read = parse_lock_file(text, "clawform.lock", diagnostics);
  REQUIRE(read);
  CHECK(diagnostics.items().empty());
  CHECK(render_lock_file(*read) == text);
  REQUIRE(read->find("openclaw", "2026.9.6"));
  CHECK(read->find("openclaw", "2026.9.6")->integrity == kIntegrityB);
  CHECK(read->find("openclaw", "2026.9.6")->location.line > 1);
  CHECK(read->find("openclaw", "2026.9.5") == nullptr);
}

TEST_CASE("lock file: put replaces an entry in place - an empty lock has only its header") {
  LockFile lock = two_packages();
  lock.put({"openclaw", "2026.9.6", kIntegrityA, "https://example.invalid/x.tgz", {}});
  CHECK(lock.packages.size() == 2);
  CHECK(lock.find("openclaw", "2026.9.6")->integrity == kIntegrityA);
  Diagnostics diagnostics;
  std::optional<LockFile> empty = parse_lock_file(render_lock_file({}), "clawform.lock", diagnostics);
  REQUIRE(empty);
  CHECK(empty->packages.empty());
}

TEST_CASE("lock file: a syntax error, a bad entry, a duplicate: errors with line and column, no lock") {
  Diagnostics syntax;
  CHECK_FALSE(parse_lock_file("lock_version = 1\n[[package]\n", "x.lock", syntax));
  REQUIRE(syntax.items().size() == 1);
  CHECK(syntax.items()[0].id == "lock-syntax");
  CHECK(syntax.items()[0].location.line == 2);

  Diagnostics entry;
  const std::string bad = "lock_version = 1\n\n[[package]]\nname = \"openclaw\"\nversion = \"2026.9.6\"\n"
                          "integrity = \"sha1-abc\"\nresolved = \"https://x/y.tgz\"\n";
  CHECK_FALSE(parse_lock_file(bad, "x.lock", entry));
  REQUIRE(entry.items().size() == 1);
  CHECK(entry.items()[0].id == "lock-entry");
  CHECK(entry.items()[0].location.line == 6);
  CHECK(entry.items()[0].message.find("sha512-") != std::string::npos);

  Diagnostics missing;
  CHECK_FALSE(parse_lock_file("lock_version = 1\n[[package]]\nname = \"openclaw\"\n", "x.lock", missing));
  CHECK(missing.items().at(0).message == "this [[package]] has no `version`");

  const std::string one = render_lock_file(two_packages());
  const std::string twice = one + one.substr(one.find("\n[[package]]"));
  Diagnostics duplicate;
  CHECK_FALSE(parse_lock_file(twice, "x.lock", duplicate));
  CHECK(duplicate.items().at(0).message.find("is locked twice") != std::string::npos);

  Diagnostics version;
  CHECK_FALSE(parse_lock_file("lock_version = 2\n", "x.lock", version));
  CHECK(version.items().at(0).message.find("lock_version 2") != std::string::npos);
}

TEST_CASE("lock file: absent is not an error - there but unreadable is one, never taken for absent") {
  testing::TempDir dir;
  Diagnostics absent;
  LockFileRead none = read_lock_file(dir.path("clawform.lock"), absent);
  CHECK_FALSE(none.exists);
  CHECK(absent.items().empty());

  std::filesystem::create_directory(dir.path("clawform.lock"));  // not a file
  Diagnostics unreadable;
  LockFileRead broken = read_lock_file(dir.path("clawform.lock"), unreadable);
  CHECK(broken.exists);
  CHECK_FALSE(broken.lock);
  REQUIRE(unreadable.has_errors());
  CHECK(unreadable.items()[0].file == dir.path("clawform.lock"));
}

TEST_CASE("lock file: every pin of the manifest must be locked, named at the pin") {
  Diagnostics loading;
  LoadedManifest loaded = load_manifest("examples/three-clients.yaml", loading);
  REQUIRE(loaded.manifest);
  const Manifest& manifest = *loaded.manifest;
  std::vector<PinnedPackage> pins = pinned_packages(manifest);
  REQUIRE_FALSE(pins.empty());
  CHECK(pins.front().name < pins.back().name);

  LockFile lock;
  for (const PinnedPackage& pin : pins) lock.put({pin.name, pin.version, kIntegrityA, "https://x/y.tgz", {}});
  Diagnostics covered;
  check_lock_covers(manifest, lock, "examples/clawform.lock", covered);
  CHECK(covered.items().empty());

  lock.packages.erase(lock.packages.begin());
  Diagnostics uncovered;
  check_lock_covers(manifest, lock, "examples/clawform.lock", uncovered);
  REQUIRE(uncovered.items().size() == 1);
  CHECK(uncovered.items()[0].id == "lock-missing");
  CHECK(uncovered.items()[0].file == "examples/three-clients.yaml");
  CHECK(uncovered.items()[0].location.line == pins.front().location.line);
  CHECK(uncovered.items()[0].message.find("run `clawform lock examples/three-clients.yaml`") != std::string::npos);
}

}  // namespace
}  // namespace clawform
