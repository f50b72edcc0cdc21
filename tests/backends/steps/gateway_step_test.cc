// gateway steps against the in-memory host: the exact sequence of
// service-manager calls on apply and rollback (health steps:
// health_step_test.cc).
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

Step restart_step(const StepFixture& f, const char* was) {
  return f.step(StepKind::Gateway, Action::Restart, GatewayTarget{18789, "ai.openclaw.acme"},
                {{"port", 18789}, {"status", was}});
}

TEST_CASE("gateway step: a restart of a running gateway - undone by a stop, started again after the rollback") {
  StepFixture f;
  f.host.put_file(std::string(kStateDir) + "/openclaw.json", "{\"gateway\":{\"port\":18789}}", 0600);
  f.host.set_running("acme", 18789);
  StepHandlers handlers(f.context());
  Step step = restart_step(f, "live");
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(saved.is_ok());
  CHECK(*saved == nlohmann::json{{"was_running", true}});
  REQUIRE(handlers.run(step).is_ok());
  CHECK(handlers.undo(step, *saved).is_ok());
  CHECK(handlers.undo(step, *saved).is_ok());  // again, after a crash
  CHECK_FALSE(f.host.is_running("acme"));
  REQUIRE(handlers.finish_rollback().is_ok());
  CHECK(f.host.gateway_calls ==
        std::vector<std::string>{"start acme 18789", "stop acme", "stop acme", "start acme 18789"});
  CHECK(f.host.is_running("acme"));
  CHECK(describe(step) == "restart with the restored configuration");
}

TEST_CASE("gateway step: one that was not running is only stopped by the undo") {
  StepFixture f;
  StepHandlers handlers(f.context());
  Step step = restart_step(f, "not running");
  Result<nlohmann::json> saved = handlers.save(step);
  REQUIRE(handlers.run(step).is_ok());
  CHECK(f.host.is_running("acme"));
  CHECK(handlers.undo(step, *saved).is_ok());
  CHECK(handlers.finish_rollback().is_ok());
  CHECK(f.host.gateway_calls == std::vector<std::string>{"start acme 18789", "stop acme"});
  CHECK_FALSE(f.host.is_running("acme"));
  CHECK(describe(step) == "stop the gateway (it was not running)");
}

TEST_CASE("gateway step: a gateway that fails to start fails the step - a stop that fails fails the undo") {
  StepFixture f;
  f.host.failing = {"start acme", "stop acme"};
  StepHandlers handlers(f.context());
  Step step = restart_step(f, "not running");
  Result<nlohmann::json> saved = handlers.save(step);
  CHECK(handlers.run(step).message() == "the gateway exited during start-up (instance acme)");
  CHECK(handlers.undo(step, *saved).message() == "gateway of instance acme did not exit");
}

}  // namespace
}  // namespace clawform::testing
