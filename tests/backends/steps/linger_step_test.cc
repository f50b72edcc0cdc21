// linger steps, and who owns what a topology B instance on real users gets
// written, against the in-memory host.
#include "compiler/service_file.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

constexpr const char* kLinger = "/var/lib/systemd/linger/acme";

// loginctl as logind answers it: enable-linger makes the file, disable-linger
// removes it; `fail` makes it exit 1 as loginctl does without logind.
void stand_in_loginctl(StepFixture& f, bool fail = false) {
  f.host.put_dir("/var/lib/systemd/linger", 0755);
  f.host.on_run = [fail](const ProcessRequest& request, MemoryHost& host) {
    ProcessResult result;
    result.outcome = ProcessResult::Outcome::Exited;
    result.exit_code = 0;
    if (fail) {
      result.exit_code = 1;
      result.err = "Could not enable linger: System has not been booted with systemd as init system (PID 1).\n";
    } else if (request.argv.at(1) == "enable-linger") {
      host.put_file(kLinger, "", 0644);
    } else {
      if (!host.remove(kLinger)) result.exit_code = 1;
    }
    return result;
  };
}

Step linger_step(const StepFixture& f) {
  return f.step(StepKind::Linger, Action::Create, LingerTarget{"acme", kLinger}, {{"lingering", false}});
}

TEST_CASE("linger step: loginctl enable-linger makes the user linger - undone by disable-linger after any crash") {
  StepFixture f;
  check_crash_matrix([](StepFixture& g) { stand_in_loginctl(g); }, linger_step(f),
                     [](StepFixture& g) { CHECK(g.host.find(kLinger)); });
  CHECK(describe(linger_step(f)) == "loginctl disable-linger acme (it did not linger)");

  stand_in_loginctl(f);
  StepHandlers handlers(f.context());
  Step step = linger_step(f);
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  REQUIRE(handlers.run(step).is_ok());
  REQUIRE(handlers.undo(step, *saved).is_ok());
  const std::vector<std::vector<std::string>> expected = {{"loginctl", "enable-linger", "acme"},
                                                          {"loginctl", "disable-linger", "acme"}};
  CHECK(f.host.commands == expected);
}

TEST_CASE("linger step: a user that lingered already is left lingering by the undo") {
  StepFixture f;
  stand_in_loginctl(f);
  f.host.put_file(kLinger, "", 0644);
  StepHandlers handlers(f.context());
  Step step = linger_step(f);
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  CHECK(handlers.run(step).is_ok());
  CHECK(handlers.undo(step, *saved).is_ok());
  CHECK(f.host.find(kLinger));
  CHECK(f.host.commands.empty());
}

TEST_CASE("linger step: loginctl failing, or not making the file, fails the step naming the command") {
  StepFixture f;
  stand_in_loginctl(f, /*fail=*/true);
  StepHandlers handlers(f.context());
  Step step = linger_step(f);
  REQUIRE(handlers.save(step).is_ok());
  CHECK(handlers.run(step).message() ==
        "`loginctl enable-linger acme`: exit 1: Could not enable linger: System has not been booted with systemd as "
        "init system (PID 1).");

  StepFixture g;
  g.host.on_run = [](const ProcessRequest&, MemoryHost&) {
    ProcessResult ok;
    ok.outcome = ProcessResult::Outcome::Exited;
    ok.exit_code = 0;
    return ok;
  };
  StepHandlers quiet(g.context());
  CHECK(quiet.run(linger_step(g)).message() ==
        "`loginctl enable-linger acme` succeeded, but /var/lib/systemd/linger/acme is absent: is systemd-logind "
        "running?");
}

// A topology B instance on a real user: /home/acme, uid 1500.
std::shared_ptr<const InstanceLayout> real_user_instance() {
  InstanceLayout layout;
  layout.instance = "acme";
  layout.os_user = "acme";
  layout.account = OsAccount{"acme", 1500, 1500, "/home/acme"};
  layout.home = "/home/acme";
  layout.state_dir = "/home/acme/.openclaw";
  layout.config_path = "/home/acme/.openclaw/openclaw.json";
  layout.port = 33000;
  layout.service_manager = "systemd";
  layout.service_name = "openclaw-gateway.service";
  layout.service_file = "/home/acme/.config/systemd/user/openclaw-gateway.service";
  layout.projects.push_back({"acme", "/home/acme/.openclaw/workspace", "/home/acme/.openclaw",
                             "/home/acme/.openclaw/.env"});
  return std::make_shared<const InstanceLayout>(layout);
}

TEST_CASE("real users: the state dir, the key file and the service file (and the dirs made for it) are the user's") {
  StepFixture f;
  auto setup = [](StepFixture& g) {
    g.instance = real_user_instance();
    g.host.put_dir("/home/acme", 0750);
    REQUIRE(g.host.set_owner("/home/acme", *g.instance->account).is_ok());
  };
  Step dir = f.step(StepKind::StateDir, Action::Create, DirTarget{"/home/acme/.openclaw", 0700u});
  check_crash_matrix(setup, dir, [](StepFixture& g) {
    CHECK(g.host.stat("/home/acme/.openclaw").uid == 1500);
    CHECK(g.host.stat("/home/acme/.openclaw").mode == 0700);
  });

  const std::string unit = "/home/acme/.config/systemd/user/openclaw-gateway.service";
  Step service = f.step(StepKind::Service, Action::Create,
                        ServiceTarget{"systemd", "openclaw-gateway.service", unit,
                                      render_service_file(*real_user_instance(), "/usr/bin/openclaw")});
  check_crash_matrix(setup, service, [&](StepFixture& g) {
    for (const char* path : {"/home/acme/.config", "/home/acme/.config/systemd", "/home/acme/.config/systemd/user"})
      CHECK_MESSAGE(g.host.stat(path).uid == 1500, path);
    CHECK(g.host.stat(unit).uid == 1500);
    CHECK(g.host.stat(unit).mode == 0644);
  });

  // A key file root owns is given back; the undo gives it back to root.
  f.secrets.values["env:ACME_KEY"] = "sk-owned";
  Step key = f.step(StepKind::KeyFile, Action::Update,
                    KeyFileTarget{"/home/acme/.openclaw/.env", 0600,
                                  {{"ANTHROPIC_API_KEY", f.digester.secret_digest("sk-owned"),
                                    KeyRef{KeyRef::Source::Env, "ACME_KEY", {}, {}, {}, {}}}}});
  auto with_root_owned_key = [&](StepFixture& g) {
    setup(g);
    g.secrets.values = f.secrets.values;
    g.host.put_dir("/home/acme/.openclaw", 0700);
    REQUIRE(g.host.set_owner("/home/acme/.openclaw", *g.instance->account).is_ok());
    g.host.put_file("/home/acme/.openclaw/.env", "ANTHROPIC_API_KEY=sk-owned\n", 0600);
  };
  check_crash_matrix(with_root_owned_key, key, [](StepFixture& g) {
    CHECK(g.host.stat("/home/acme/.openclaw/.env").uid == 1500);
    CHECK(g.host.stat("/home/acme/.openclaw/.env").mode == 0600);
  });
}

TEST_CASE("real users: a failed chown fails the step naming the path and the user") {
  StepFixture f;
  f.instance = real_user_instance();
  f.host.put_dir("/home/acme", 0750);
  f.host.failing.insert("chown /home/acme/.openclaw");
  StepHandlers handlers(f.context());
  Step step = f.step(StepKind::StateDir, Action::Create, DirTarget{"/home/acme/.openclaw", 0700u});
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  CHECK(handlers.run(step).message() == "/home/acme/.openclaw: chown acme: Operation not permitted");
  CHECK(handlers.undo(step, *saved).is_ok());
  CHECK_FALSE(f.host.find("/home/acme/.openclaw"));
}

}  // namespace
}  // namespace clawform::testing
