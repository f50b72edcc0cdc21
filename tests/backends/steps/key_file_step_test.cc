// key_file steps against the in-memory host.
#include "tests/backends/steps/step_fixture.h"

namespace clawform::testing {
namespace {

constexpr const char* kKeyFile = "/r/Users/operator/.openclaw-acme/.env";

KeyFileTarget key_target(StepFixture& f, const std::string& value) {
  KeyRef ref;
  ref.source = KeyRef::Source::Env;
  ref.var = "ACME_ANTHROPIC_KEY";
  f.secrets.values[ref.describe()] = value;
  return KeyFileTarget{kKeyFile, 0600, {{"ANTHROPIC_API_KEY", f.digester.secret_digest(value), ref}}};
}

TEST_CASE("key file step: writes NAME=VALUE 0600 - undone after any crash") {
  StepFixture f;
  Step create = f.step(StepKind::KeyFile, Action::Create, key_target(f, "sk-canary-1"));
  auto setup = [](StepFixture& g) {
    g.host.put_dir(kStateDir, 0700);
    key_target(g, "sk-canary-1");
  };
  check_crash_matrix(setup, create, [](StepFixture& g) {
    const MemoryHost::Node* file = g.host.find(kKeyFile);
    REQUIRE(file);
    CHECK(file->content == "ANTHROPIC_API_KEY=sk-canary-1\n");
    CHECK(file->mode == 0600);
  });
  CHECK(describe(create) == "delete the key file (it did not exist)");

  Step update = f.step(StepKind::KeyFile, Action::Update, key_target(f, "sk-canary-2"));
  check_crash_matrix(
      [](StepFixture& g) {
        g.host.put_file(kKeyFile, "ANTHROPIC_API_KEY=old\n", 0600);
        key_target(g, "sk-canary-2");
      },
      update, [](StepFixture& g) { CHECK(g.host.find(kKeyFile)->content == "ANTHROPIC_API_KEY=sk-canary-2\n"); });
  CHECK(describe(update) == "restore the previous key file from its 0600 copy beside the journal");
}

TEST_CASE("key file step: a value that is not the planned one is refused, naming the key, never the value") {
  StepFixture f;
  f.host.put_dir(kStateDir, 0700);
  Step step = f.step(StepKind::KeyFile, Action::Create, key_target(f, "sk-canary-planned"));
  f.secrets.values.begin()->second = "sk-canary-changed";
  StepHandlers handlers(f.context());
  REQUIRE(handlers.save(step).is_ok());
  Result<std::string> ran = handlers.run(step);
  CHECK(ran.message() ==
        "project acme: key ANTHROPIC_API_KEY (env:ACME_ANTHROPIC_KEY): the value is not the one the plan was made "
        "with; make a new plan");
  CHECK_FALSE(f.host.find(kKeyFile));
  f.secrets.values.begin()->second = "two\nlines";
  CHECK(handlers.run(step).message().find("line break") != std::string::npos);
  f.secrets.values.clear();
  CHECK(handlers.run(step).message() ==
        "project acme: key ANTHROPIC_API_KEY (env:ACME_ANTHROPIC_KEY): environment variable ACME_ANTHROPIC_KEY is "
        "not set");
}

}  // namespace
}  // namespace clawform::testing
