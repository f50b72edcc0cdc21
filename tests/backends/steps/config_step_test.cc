// config steps against the in-memory host and a stand-in openclaw.
#include "tests/backends/steps/fake_openclaw.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

const std::string kConfig = std::string(kStateDir) + "/openclaw.json";

Step config_step(const StepFixture& f, Action action) {
  return f.step(StepKind::Config, action, ConfigTarget{kConfig, {{"gateway.port", 18789}, {"gateway.mode", "local"}}});
}

void with_openclaw(StepFixture& f) { f.host.on_run = FakeOpenclaw{kStateDir}; }

TEST_CASE("config step: one config patch then a validate - undone after any crash") {
  StepFixture f;
  auto fresh = [](StepFixture& g) {
    g.host.put_dir(kStateDir, 0700);
    with_openclaw(g);
  };
  check_crash_matrix(fresh, config_step(f, Action::Create), [](StepFixture& g) {
    CHECK(openclaw_words(g.host) ==
          std::vector<std::string>{"config patch --file /r/.clawform/journal/saved/3/patch.json",
                                   "config validate --json"});
    CHECK(nlohmann::json::parse(g.host.find(kConfig)->content) ==
          nlohmann::json{{"gateway", {{"mode", "local"}, {"port", 18789}}}});
    CHECK(g.host.commands.front()[1] == "--profile");
  });
  auto existing = [](StepFixture& g) {
    g.host.put_file(kConfig, "{\"gateway\":{\"port\":1}}", 0600);
    g.host.put_file(std::string(kStateDir) + "/state/openclaw.sqlite", "db before", 0600);
    with_openclaw(g);
  };
  check_crash_matrix(existing, config_step(f, Action::Update));
  CHECK(describe(config_step(f, Action::Create)) ==
        "delete openclaw.json (it did not exist), and restore state/ from the journal");
  CHECK(describe(config_step(f, Action::Update)) == "restore openclaw.json's previous bytes and state/ from the journal");
}

TEST_CASE("config step: a running gateway is stopped before its files are put back, and started again after") {
  StepFixture f;
  f.host.put_file(kConfig, "{\"gateway\":{\"port\":18700}}", 0600);
  with_openclaw(f);
  f.host.set_running("acme", 18700);
  StepHandlers handlers(f.context());
  Step step = config_step(f, Action::Update);
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  REQUIRE(handlers.run(step).is_ok());
  CHECK(handlers.undo(step, *saved).is_ok());
  CHECK(f.host.gateway_calls == std::vector<std::string>{"stop acme"});
  Result<std::string> restarted = handlers.finish_rollback();
  REQUIRE(restarted.is_ok());
  // On the port of the restored openclaw.json, not the plan's.
  CHECK(f.host.gateway_calls == std::vector<std::string>{"stop acme", "start acme 18700"});
  CHECK(*restarted == "gateway of instance acme started again on port 18700 (0.0 s)");
}

TEST_CASE("config step: openclaw refusing the patch fails the step naming the command") {
  StepFixture f;
  f.host.put_dir(kStateDir, 0700);
  FakeOpenclaw openclaw{kStateDir};
  openclaw.fail_exit = 1;
  f.host.on_run = openclaw;
  StepHandlers handlers(f.context());
  Step step = config_step(f, Action::Create);
  REQUIRE(handlers.save(step).is_ok());
  CHECK(handlers.run(step).message() ==
        "`/opt/openclaw/bin/openclaw --profile acme config patch --file /r/.clawform/journal/saved/3/patch.json`: "
        "exit 1: Error: simulated failure");
}

}  // namespace
}  // namespace clawform::testing
