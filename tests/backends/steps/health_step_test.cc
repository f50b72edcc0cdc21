// The health step and the health gate in an apply, against the in-memory
// host as a stand-in gateway whose /startupz and /ready answer what the test
// says: a channel failing before and after the restart is ignored and the
// apply succeeds; a channel failing only after rolls the apply back.
#include <string>
#include <vector>

#include "compiler/applier.h"
#include "compiler/journal.h"
#include "compiler/render_apply.h"
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

constexpr int kPort = 18789;

class MemoryJournal : public JournalSink {
 public:
  std::string text;
  Status append(const nlohmann::json& record) override {
    text += record.dump() + "\n";
    return Status::ok();
  }
};

// acme's gateway restart (step 1) and its health check (step 2), as diff() makes them.
Plan restart_plan(const StepFixture& f) {
  Plan plan;
  Step restart = f.step(StepKind::Gateway, Action::Restart, GatewayTarget{kPort, "ai.openclaw.acme"},
                        {{"port", kPort}, {"status", "live"}});
  restart.index = 1;
  restart.address = "project.acme.gateway";
  Step check = f.step(StepKind::Health, Action::Check, HealthTarget{kPort});
  check.index = 2;
  check.address = "project.acme.gateway";
  check.depends_on = {1};
  plan.steps = {restart, check};
  describe_undo(plan);
  return plan;
}

struct Applied {
  ApplyReport report;
  std::string progress;  // as `clawform apply` prints it
};

Applied apply(StepFixture& f) {
  Plan plan = restart_plan(f);
  StepHandlers handlers(f.context());
  MemoryJournal journal;
  JournalState state;
  state.total_steps = 2;
  Applied out;
  ApplyOptions options;
  options.progress = [&](const ProgressEvent& e) { out.progress += render_progress_text(e); };
  out.report = apply_steps(plan, handlers, journal, state, options);
  return out;
}

TEST_CASE("health step: passes at once on a live and started gateway, saying which endpoints decided") {
  StepFixture f;
  Step check = f.step(StepKind::Health, Action::Check, HealthTarget{kPort});
  StepHandlers handlers(f.context());
  f.host.set_running("acme", kPort);
  Result<std::string> ran = handlers.run(check);
  REQUIRE(ran.is_ok());
  CHECK(*ran == "healthy: /health live, /startupz started; /ready: ready");
  CHECK(f.host.slept().count() == 0);
  CHECK(handlers.undo(check, *handlers.save(check)).is_ok());
  CHECK(describe(check) == "none (read-only)");
}

TEST_CASE("health step: fails after its timeout naming what it last saw") {
  StepFixture f;
  Step check = f.step(StepKind::Health, Action::Check, HealthTarget{kPort});
  StepHandlers handlers(f.context());
  f.host.set_running("acme", kPort);
  f.host.startup_status[kPort] = "starting";
  CHECK(handlers.run(check).message() ==
        "the gateway on port 18789 is not healthy after 10 s: /startupz says status starting");
  CHECK(f.host.slept().count() >= 10'000);
  f.host.set_running("acme", 1);
  CHECK(handlers.run(check).message() == "the gateway on port 18789 is not healthy after 10 s: nothing answers");
}

// A gateway whose telegram account connects 3 s after the check starts waiting.
class ConnectingHost : public MemoryHost {
 public:
  GatewayState probe_gateway(int port, std::chrono::milliseconds timeout) override {
    if (slept() >= std::chrono::seconds(3)) ready_failing.erase(port);
    return MemoryHost::probe_gateway(port, timeout);
  }
};

TEST_CASE("health step: waits while /ready fails something new, and passes once it clears") {
  StepFixture f;
  ConnectingHost host;
  host.set_running("acme", kPort);
  host.ready_failing[kPort] = {"telegram"};
  StepContext ctx = f.context();
  StepHandlers handlers(StepContext{.host = host, .secrets = ctx.secrets, .digester = ctx.digester,
                                    .paths = ctx.paths, .openclaw = ctx.openclaw,
                                    .command_timeout = ctx.command_timeout, .health_timeout = ctx.health_timeout,
                                    .ready_before = {{"acme", {}}}, .restart_after_rollback = {}});
  Result<std::string> ran = handlers.run(f.step(StepKind::Health, Action::Check, HealthTarget{kPort}));
  REQUIRE_MESSAGE(ran.is_ok(), ran.message());
  CHECK(*ran == "healthy: /health live, /startupz started; /ready: ready");
  CHECK(host.slept() == std::chrono::seconds(3));
}

TEST_CASE("apply: a channel failing before and after the restart is ignored - the apply succeeds") {
  StepFixture f;
  f.host.set_running("acme", kPort);
  f.host.ready_failing[kPort] = {"telegram"};  // its provider is down, before the apply and after
  f.ready_before = {{"acme", {"telegram"}}};
  Applied applied = apply(f);
  CHECK(applied.report.outcome == ApplyOutcome::Applied);
  CHECK(applied.report.error == "");
  CHECK(f.host.gateway_calls == std::vector<std::string>{"start acme 18789"});
  CHECK(applied.progress.find("[2/2] project.acme.gateway check ... ok (") != std::string::npos);
  CHECK(applied.progress.find(
            "\n      healthy: /health live, /startupz started; /ready: telegram failing before and after, ignored\n") !=
        std::string::npos);
}

TEST_CASE("apply: a channel failing only after the restart rolls the apply back") {
  StepFixture f;
  f.host.set_running("acme", kPort);
  f.host.put_file(std::string(kStateDir) + "/openclaw.json", "{\"gateway\":{\"port\":18789}}", 0600);
  f.host.ready_failing[kPort] = {"telegram"};
  f.ready_before = {{"acme", {"telegram"}}};
  // The restarted gateway's discord account fails its checks: the change broke it.
  f.host.on_start = [](MemoryHost& host, const std::string&, int port) {
    host.ready_failing[port] = {"telegram", "discord"};
  };
  Applied applied = apply(f);
  CHECK(applied.report.outcome == ApplyOutcome::RolledBack);
  CHECK(applied.report.failed_step == 2);
  CHECK(applied.report.error ==
        "the gateway on port 18789 is not healthy after 10 s: /health live, /startupz started; /ready: discord "
        "failing after the restart and not before; telegram failing before and after, ignored");
  CHECK(applied.report.undone == std::vector<int>{2, 1});
  // Restarted by the apply, stopped by the undo, started again as it ran before.
  CHECK(f.host.gateway_calls == std::vector<std::string>{"start acme 18789", "stop acme", "start acme 18789"});
  CHECK(f.host.is_running("acme"));
}

TEST_CASE("apply: with no gateway before the apply, a channel failing after rolls it back") {
  StepFixture f;
  f.host.on_start = [](MemoryHost& host, const std::string&, int port) { host.ready_failing[port] = {"telegram"}; };
  Applied applied = apply(f);
  CHECK(applied.report.outcome == ApplyOutcome::RolledBack);
  CHECK(applied.report.error ==
        "the gateway on port 18789 is not healthy after 10 s: /health live, /startupz started; /ready: telegram "
        "failing after the restart and not before (the gateway did not answer before the apply)");
  CHECK(f.host.gateway_calls == std::vector<std::string>{"start acme 18789", "stop acme"});
  CHECK_FALSE(f.host.is_running("acme"));
}

TEST_CASE("apply resumed after a crash: the health steps' baseline is the one the journal's begin record kept") {
  Result<JournalState> read = read_journal(
      R"({"event":"begin","plan_sha256":"ab","steps":2,"pid":7,"host":"h","started":"t",)"
      R"("ready_before":{"acme":["telegram"],"globex":[]}})"
      "\n");
  REQUIRE(read.is_ok());
  CHECK(read->ready_before == ReadyBaseline{{"acme", {"telegram"}}, {"globex", {}}});
  // A journal of an older clawform has none: no baseline, every failure counts.
  read = read_journal(R"({"event":"begin","plan_sha256":"ab","steps":2})" "\n");
  REQUIRE(read.is_ok());
  CHECK(read->ready_before.empty());
}

}  // namespace
}  // namespace clawform::testing
