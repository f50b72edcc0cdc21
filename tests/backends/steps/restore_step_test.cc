// restore steps against the in-memory host: the backup's state swapped in
// with the key files, credentials and plugin packages kept, the archive's
// digest checked before anything changes, and the crash matrix (a crash
// anywhere, then undo: the damaged state exactly as it was).
#include <algorithm>

#include "backends/digest.h"
#include "tests/backends/steps/fake_openclaw.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

const std::string kArchive = "/r/backups/20261201T000000Z/acme/state.tar.gz";
const std::string kArchiveBytes = "a gzip'd tar, as far as this test cares";
const std::string kStaging = std::string(kStateDir) + ".clawform-restore";

// The live instance: a damaged workspace, its key file, credentials and
// plugin packages, a running gateway.
void damaged_host(StepFixture& f) {
  f.host.put_dir(kStateDir, 0700);
  f.host.put_file(std::string(kStateDir) + "/openclaw.json", "{\"gateway\":{\"port\":18789}}", 0600);
  f.host.put_file(std::string(kStateDir) + "/workspace/AGENTS.md", "damaged by hand", 0644);
  f.host.put_file(std::string(kStateDir) + "/.env", "ANTHROPIC_API_KEY=live-key\n", 0600);
  f.host.put_file(std::string(kStateDir) + "/credentials/oauth.json", "{}", 0600);
  f.host.put_file(std::string(kStateDir) + "/npm/node_modules/@openclaw/nostr/package.json", "{}", 0644);
  f.host.put_file(kArchive, kArchiveBytes, 0600);
  f.host.set_running("acme", 18789);
  // `openclaw backup restore ARCHIVE --target DIR --json` as 2026.9.6 does
  // it: the archive's tree under DIR/<root>/payload/posix/<abs path>.
  f.host.on_run = [](const ProcessRequest& request, MemoryHost& host) {
    auto word = std::find(request.argv.begin(), request.argv.end(), "restore");
    if (word == request.argv.end()) return FakeOpenclaw::exited(1, "", "unexpected call");
    const std::string target = *(std::find(request.argv.begin(), request.argv.end(), "--target") + 1);
    const std::string state = target + "/2026-12-01T00-00-00.000Z-openclaw-backup/payload/posix" + kStateDir;
    host.put_dir(state, 0755);  // as the real extraction leaves it
    host.put_file(state + "/openclaw.json", "{\"gateway\":{\"port\":18789}}", 0600);
    host.put_file(state + "/workspace/AGENTS.md", "as it was backed up", 0644);
    host.put_file(state + "/npm/package.json", "{}", 0644);  // OpenClaw archives no node_modules
    return FakeOpenclaw::exited(0, R"({"ok":true,"archiveRoot":"2026-12-01T00-00-00.000Z-openclaw-backup"})");
  };
}

Step restore_step(const StepFixture& f, const std::string& sha256) {
  return f.step(StepKind::Restore, Action::Replace,
                RestoreTarget{kArchive, sha256, kStateDir, {".env", "credentials", "npm"}});
}

std::string content(StepFixture& f, const std::string& path) {
  Result<std::string> text = f.host.read_file(path, 1 << 20);
  return text ? *text : "(absent: " + text.message() + ")";
}

TEST_CASE("restore step: the backup's state in place, key files, credentials and plugin packages kept") {
  StepFixture f;
  damaged_host(f);
  StepHandlers handlers(f.context());
  Step step = restore_step(f, sha256_hex(kArchiveBytes));
  REQUIRE(handlers.save(step).is_ok());
  Result<std::string> ran = handlers.run(step);
  REQUIRE_MESSAGE(ran.is_ok(), ran.message());
  CHECK(content(f, std::string(kStateDir) + "/workspace/AGENTS.md") == "as it was backed up");
  CHECK(content(f, std::string(kStateDir) + "/.env") == "ANTHROPIC_API_KEY=live-key\n");
  CHECK(f.host.stat(kStateDir).mode == 0700);  // the state dir's own mode, not the extraction's
  CHECK(content(f, std::string(kStateDir) + "/credentials/oauth.json") == "{}");
  CHECK(f.host.stat(std::string(kStateDir) + "/npm/node_modules/@openclaw/nostr/package.json").exists);
  CHECK_FALSE(f.host.stat(std::string(kStateDir) + "/npm/package.json").exists);  // the live npm/, whole
  CHECK_FALSE(f.host.stat(kStaging).exists);
  CHECK_FALSE(f.host.stat(std::string(kStateDir) + ".clawform-replaced").exists);
  CHECK_FALSE(f.host.is_running("acme"));  // the gateway step starts it
  CHECK(describe(step) == "put back the state dir as it was before the restore (saved whole), with the gateway stopped");
}

TEST_CASE("restore step: an archive that is not the index's fails before anything changes") {
  StepFixture f;
  damaged_host(f);
  const MemoryHost::Tree before = f.host.tree(kJournal);
  StepHandlers handlers(f.context());
  Step step = restore_step(f, sha256_hex("another archive"));
  REQUIRE(handlers.save(step).is_ok());
  Result<std::string> ran = handlers.run(step);
  REQUIRE_FALSE(ran.is_ok());
  CHECK(ran.message().find(kArchive + " is not the archive the backup's index names") != std::string::npos);
  CHECK(f.host.tree(kJournal) == before);
  CHECK(f.host.is_running("acme"));
}

TEST_CASE("restore step: a crash anywhere, then undo - the damaged state exactly as it was, nothing lost") {
  StepFixture f;
  check_crash_matrix(damaged_host, restore_step(f, sha256_hex(kArchiveBytes)), [](StepFixture& g) {
    CHECK(content(g, std::string(kStateDir) + "/workspace/AGENTS.md") == "as it was backed up");
  });
}

}  // namespace
}  // namespace clawform::testing
