// plugin steps against the in-memory host and a stand-in openclaw.
#include "tests/backends/steps/fake_openclaw.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

Step install_step(const StepFixture& f) {
  return f.step(StepKind::Plugin, Action::Create,
                PluginTarget{"@openclaw/nostr", "2026.9.5", std::nullopt, true, std::nullopt});
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
  Step update = f.step(StepKind::Plugin, Action::Update,
                       PluginTarget{"@openclaw/nostr", "2026.9.4", "nostr", true, std::nullopt},
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

  Step remove = f.step(StepKind::Plugin, Action::Delete,
                       PluginTarget{"@openclaw/nostr", "2026.9.5", "nostr", {}, std::nullopt},
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

// A fixture on an instance state dir, `openclaw` (and npm view) answering
// every command.
void serve(StepFixture& f, FakeOpenclaw openclaw) {
  f.host.put_dir(kStateDir, 0700);
  f.host.on_run = std::move(openclaw);
}

Step locked_install(const StepFixture& f, std::string integrity) {
  return f.step(StepKind::Plugin, Action::Create,
                PluginTarget{"@openclaw/nostr", "2026.9.5", std::nullopt, true, std::move(integrity)});
}

// The first word of each command the step ran: "npm" or the openclaw binary.
std::vector<std::string> programs(const MemoryHost& host) {
  std::vector<std::string> out;
  for (const std::vector<std::string>& argv : host.commands) out.push_back(argv.at(0));
  return out;
}

TEST_CASE("plugin step: with a lock - the registry is asked first, npm's install record checked after") {
  StepFixture f;
  serve(f, FakeOpenclaw{kStateDir});
  StepHandlers handlers(f.context());
  const Step step = locked_install(f, "sha512-registry");
  REQUIRE(handlers.save(step).is_ok());
  Result<std::string> ran = handlers.run(step);
  CHECK_MESSAGE(ran.is_ok(), ran.message());
  REQUIRE(f.host.commands.size() == 3);
  CHECK(f.host.commands[0] == std::vector<std::string>{"npm", "view", "@openclaw/nostr@2026.9.5", "dist.integrity",
                                                        "dist.tarball", "--json"});
  const std::string openclaw = "/opt/openclaw/bin/openclaw";
  CHECK(programs(f.host) == std::vector<std::string>{"npm", openclaw, openclaw});
}

TEST_CASE("plugin step: a lock entry the registry does not match fails before anything is installed") {
  StepFixture f;
  serve(f, FakeOpenclaw{kStateDir});
  StepHandlers handlers(f.context());
  const Step step = locked_install(f, "sha512-tampered");
  REQUIRE(handlers.save(step).is_ok());
  CHECK(handlers.run(step).message() ==
        "@openclaw/nostr@2026.9.5: clawform.lock says sha512-tampered but the registry serves sha512-registry; the "
        "lock or the registry changed since `clawform lock`: nothing was installed");
  CHECK(programs(f.host) == std::vector<std::string>{"npm"});
  CHECK_FALSE(f.host.find(std::string(kStateDir) + "/npm"));
}

TEST_CASE("plugin step: installed bytes other than the lock's fail the step - the undo removes them") {
  StepFixture f;
  FakeOpenclaw openclaw{kStateDir};
  openclaw.installed_integrity = "sha512-other";  // a mirror that served other bytes under the same name
  serve(f, openclaw);
  StepHandlers handlers(f.context());
  const Step step = locked_install(f, "sha512-registry");
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  CHECK(handlers.run(step).message() ==
        std::string(kStateDir) +
            "/npm/projects/openclaw-nostr/package-lock.json: npm installed @openclaw/nostr@2026.9.5 with integrity "
            "sha512-other, but clawform.lock says @openclaw/nostr@2026.9.5 is sha512-registry");
  REQUIRE(handlers.undo(step, *saved).is_ok());
  CHECK_FALSE(f.host.find(std::string(kStateDir) + "/npm/projects/openclaw-nostr"));
}

}  // namespace
}  // namespace clawform::testing
