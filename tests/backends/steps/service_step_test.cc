// service steps against the in-memory host.
#include "compiler/service_file.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

constexpr const char* kPlist = "/r/Users/operator/Library/LaunchAgents/ai.openclaw.acme.plist";

// The fixture's instance's plist, as apply writes it, on `port`.
std::string plist_on(int port) {
  InstanceLayout layout = *StepFixture().instance;
  layout.port = port;
  return render_service_file(layout, "/opt/openclaw/bin/openclaw");
}

TEST_CASE("service step: the file is written 0644 (its directory made) - undone after any crash") {
  StepFixture f;
  Step create = f.step(StepKind::Service, Action::Create,
                       ServiceTarget{"launchd", "ai.openclaw.acme", kPlist, plist_on(18789)});
  check_crash_matrix([](StepFixture& g) { g.host.put_dir("/r/Users/operator", 0750); }, create, [](StepFixture& g) {
    REQUIRE(g.host.find(kPlist));
    CHECK(g.host.find(kPlist)->content == plist_on(18789));
    CHECK(g.host.find(kPlist)->mode == 0644);
  });
  CHECK(describe(create) == "delete the file (it did not exist)");

  Step update = f.step(StepKind::Service, Action::Update,
                       ServiceTarget{"launchd", "ai.openclaw.acme", kPlist, plist_on(18789)});
  check_crash_matrix([](StepFixture& g) { g.host.put_file(kPlist, plist_on(18790)); }, update);
  CHECK(describe(update) == "restore the previous file from the journal");

  Step remove = f.step(StepKind::Service, Action::Delete,
                       ServiceTarget{"launchd", "ai.openclaw.acme", kPlist, std::nullopt});
  check_crash_matrix([](StepFixture& g) { g.host.put_file(kPlist, "<plist v1/>\n"); }, remove,
                     [](StepFixture& g) { CHECK_FALSE(g.host.find(kPlist)); });
  CHECK(describe(remove) == "restore the file from the journal");
}

TEST_CASE("service step: a write that fails (full disk) fails the step - the undo leaves nothing") {
  StepFixture f;
  f.host.put_dir("/r/Users/operator/Library/LaunchAgents", 0755);
  f.host.failing.insert(std::string("write ") + kPlist);
  StepHandlers handlers(f.context());
  Step create = f.step(StepKind::Service, Action::Create,
                       ServiceTarget{"launchd", "ai.openclaw.acme", kPlist, plist_on(18789)});
  const MemoryHost::Tree before = f.host.tree(kJournal);
  Result<nlohmann::json> saved = handlers.save(create);
  REQUIRE(saved.is_ok());
  CHECK(handlers.run(create).message() == std::string(kPlist) + ": write: No space left on device");
  CHECK(handlers.undo(create, *saved).is_ok());
  CHECK(f.host.tree(kJournal) == before);
}

TEST_CASE("service step: a written file that does not run the manifest's instance fails the step - undone") {
  StepFixture f;
  f.host.put_dir("/r/Users/operator/Library/LaunchAgents", 0755);
  StepHandlers handlers(f.context());
  // The plan's content names port 18790; the manifest's instance is on 18789.
  Step create = f.step(StepKind::Service, Action::Create,
                       ServiceTarget{"launchd", "ai.openclaw.acme", kPlist, plist_on(18790)});
  const MemoryHost::Tree before = f.host.tree(kJournal);
  Result<nlohmann::json> saved = handlers.save(create);
  REQUIRE(saved.is_ok());
  CHECK(handlers.run(create).message() ==
        std::string(kPlist) + ": read back: --port is `18790`, the manifest says `18789`");
  CHECK(handlers.undo(create, *saved).is_ok());
  CHECK(f.host.tree(kJournal) == before);
}

}  // namespace
}  // namespace clawform::testing
