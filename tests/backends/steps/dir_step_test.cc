// state_dir, secrets_dir and workspace steps against the in-memory host.
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

TEST_CASE("dir step: create makes the directory with its mode - undone after any crash") {
  StepFixture f;
  Step step = f.step(StepKind::StateDir, Action::Create, DirTarget{kStateDir, 0700u});
  check_crash_matrix([](StepFixture&) {}, step, [](StepFixture& g) {
    const MemoryHost::Node* dir = g.host.find(kStateDir);
    REQUIRE(dir);
    CHECK(dir->dir);
    CHECK(dir->mode == 0700);
  });
  CHECK(describe(step) == "remove the directory (it did not exist)");
}

TEST_CASE("dir step: a mode change, and a file replaced by a directory, are undone") {
  StepFixture f;
  Step chmod = f.step(StepKind::StateDir, Action::Update, DirTarget{kStateDir, 0700u}, {{"mode", "0755"}});
  check_crash_matrix([](StepFixture& g) { g.host.put_dir(kStateDir, 0755); }, chmod,
                     [](StepFixture& g) { CHECK(g.host.find(kStateDir)->mode == 0700); });
  CHECK(describe(chmod) == "chmod 0755 /r/Users/operator/.openclaw-acme");

  Step replace = f.step(StepKind::Workspace, Action::Replace, DirTarget{"/r/w", 0u});
  check_crash_matrix([](StepFixture& g) { g.host.put_file("/r/w", "a file", 0600); }, replace,
                     [](StepFixture& g) { CHECK(g.host.find("/r/w")->dir); });
}

TEST_CASE("dir step: a removed project's state dir is moved into the journal, and back") {
  StepFixture f;
  Step step = f.step(StepKind::StateDir, Action::Delete, DirTarget{kStateDir, std::nullopt});
  auto setup = [](StepFixture& g) {
    g.host.put_file(std::string(kStateDir) + "/state/openclaw.sqlite", "db", 0600);
    g.host.put_file(std::string(kStateDir) + "/.env", "K=v\n", 0600);
  };
  check_crash_matrix(setup, step, [](StepFixture& g) {
    CHECK_FALSE(g.host.find(kStateDir));
    CHECK(g.host.find(std::string(kJournal) + "/saved/3/state_dir/state/openclaw.sqlite"));
  });
  CHECK(describe(step) == "move the directory back from .clawform/journal/saved/3/state_dir");
}

TEST_CASE("dir step: a failed mkdir fails the step naming the path - nothing is left") {
  StepFixture f;
  f.host.failing.insert(std::string("mkdir ") + kStateDir);
  StepHandlers handlers(f.context());
  Step step = f.step(StepKind::StateDir, Action::Create, DirTarget{kStateDir, 0700u});
  const MemoryHost::Tree before = f.host.tree(kJournal);
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  Result<std::string> ran = handlers.run(step);
  CHECK(ran.message() == "/r/Users/operator/.openclaw-acme: mkdir: Permission denied");
  CHECK(handlers.undo(step, *saved).is_ok());
  CHECK(f.host.tree(kJournal) == before);
}

}  // namespace
}  // namespace clawform::testing
