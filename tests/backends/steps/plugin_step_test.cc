// plugin steps against the in-memory host and a stand-in openclaw.
#include "tests/backends/steps/fake_openclaw.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

Step install_step(const StepFixture& f) {
  return f.step(StepKind::Plugin, Action::Create, PluginTarget{"@openclaw/nostr", "2026.9.5", std::nullopt, true});
}

TEST_CASE("plugin step: install --pin, list, enable when left disabled - undone after any crash") {
  StepFixture f;
  auto setup = [](StepFixture& g) {
    g.host.put_file(std::string(kStateDir) + "/openclaw.json", "{}", 0600);
    FakeOpenclaw openclaw{kStateDir};
    openclaw.installed_disabled = true;
    g.host.on_run = openclaw;
  };
  check_crash_matrix(setup, install_step(f), [](StepFixture& g) {
    CHECK(openclaw_words(g.host) == std::vector<std::string>{"plugins install @openclaw/nostr@2026.9.5 --pin",
                                                             "plugins list --json", "plugins enable nostr"});
    CHECK(g.host.find(std::string(kStateDir) + "/npm/projects/openclaw-nostr/package.json"));
  });
  CHECK(describe(install_step(f)) ==
        "restore npm/, state/ and openclaw.json from the journal (@openclaw/nostr not installed again)");
}

TEST_CASE("plugin step: another version is replaced with --force - an uninstall is undone too") {
  StepFixture f;
  Step update = f.step(StepKind::Plugin, Action::Update, PluginTarget{"@openclaw/nostr", "2026.9.4", "nostr", true},
                       {{"enabled", true}, {"version", "2026.9.5"}});
  auto installed = [](StepFixture& g) {
    g.host.put_file(std::string(kStateDir) + "/npm/projects/openclaw-nostr/package.json", "{\"v\":\"2026.9.5\"}");
    FakeOpenclaw openclaw{kStateDir};
    openclaw.installed_version = "2026.9.5";
    g.host.on_run = openclaw;
  };
  check_crash_matrix(installed, update, [](StepFixture& g) {
    CHECK(openclaw_words(g.host) ==
          std::vector<std::string>{"plugins install @openclaw/nostr@2026.9.4 --pin --force", "plugins list --json"});
  });
  CHECK(describe(update) == "restore npm/, state/ and openclaw.json from the journal (@openclaw/nostr@2026.9.5 again)");

  Step remove = f.step(StepKind::Plugin, Action::Delete, PluginTarget{"@openclaw/nostr", "2026.9.5", "nostr", {}},
                       {{"enabled", true}, {"version", "2026.9.5"}});
  check_crash_matrix(installed, remove, [](StepFixture& g) {
    CHECK(openclaw_words(g.host) == std::vector<std::string>{"plugins uninstall nostr --force"});
    CHECK_FALSE(g.host.find(std::string(kStateDir) + "/npm/projects/openclaw-nostr"));
  });
}

TEST_CASE("plugin step: a version other than the pin after the install fails the step") {
  StepFixture f;
  f.host.put_dir(kStateDir, 0700);
  FakeOpenclaw openclaw{kStateDir};
  f.host.on_run = [openclaw](const ProcessRequest& r, MemoryHost& h) mutable {
    ProcessResult result = openclaw(r, h);
    if (openclaw.installed_version == "2026.9.5") openclaw.installed_version = "2026.9.6";  // drifted under us
    return result;
  };
  StepHandlers handlers(f.context());
  REQUIRE(handlers.save(install_step(f)).is_ok());
  CHECK(handlers.run(install_step(f)).message() == "@openclaw/nostr is at 2026.9.6 after the install, not 2026.9.5");
}

}  // namespace
}  // namespace clawform::testing
