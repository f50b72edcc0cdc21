// compile_desired's errors: each names the project and the key, never a value.
#include <doctest/doctest.h>

#include "compiler/desired.h"
#include "schema/validate.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

const std::string kHeader = R"(apiVersion: clawform/v1
fleet: t
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6}
defaults: {model: anthropic/claude-sonnet-4-6}
)";

// Every reference resolves to one value, except env:MISSING.
class SameValueSecrets : public SecretSource {
 public:
  Result<std::string> read(const KeyRef& ref) override {
    if (ref.var == "MISSING") return Status::error("environment variable MISSING is not set");
    return std::string("sk-CANARY-shared");
  }
};

std::vector<PlanError> errors_of(const std::string& body, SecretSource& secrets) {
  FileValidation v = validate_text("fleet.yaml", kHeader + body, false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  std::vector<PlanError> errors;
  testing::fixture_desired(*v.manifest, "/sandbox", secrets, errors);
  return errors;
}

TEST_CASE("desired state: an unresolvable key and two projects sharing a value are errors naming them") {
  SameValueSecrets secrets;
  std::vector<PlanError> errors = errors_of(R"(topology: C
gateway: {ports: 18789-18790}
projects:
  acme: {port: 18789, keys: {ANTHROPIC_API_KEY: {from: env, var: ACME_KEY}}}
  globex: {port: 18790, keys: {OPENAI_API_KEY: {from: env, var: GLOBEX_KEY}, X_API_KEY: {from: env, var: MISSING}}}
)",
                                            secrets);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].project == "globex");
  CHECK(errors[0].message ==
        "key OPENAI_API_KEY has the same value as project acme's key ANTHROPIC_API_KEY; each project needs its own key");
  CHECK(errors[1].message == "key X_API_KEY (env:MISSING): environment variable MISSING is not set");
  for (const PlanError& e : errors) CHECK(e.message.find("CANARY") == std::string::npos);
}

TEST_CASE("desired state: a gateway secret in topology A is refused - in C every key file carries it") {
  testing::CanarySecrets secrets;
  std::vector<PlanError> errors = errors_of(R"(topology: A
gateway: {ports: 18789-18789, auth: {mode: token, token: {from: env, var: GW}}}
projects:
  acme: {}
)",
                                            secrets);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.starts_with("gateway.auth with a token or password is not supported in topology A"));

  FileValidation v = validate_text("fleet.yaml", kHeader + R"(topology: C
gateway: {ports: 18789-18790, auth: {mode: token, token: {from: env, var: GW}}}
projects:
  acme: {port: 18789}
  globex: {port: 18790}
)",
                                   false);
  REQUIRE(v.manifest);
  std::vector<PlanError> none;
  DesiredState desired = testing::fixture_desired(*v.manifest, "/sandbox", secrets, none);
  CHECK(none.empty());
  REQUIRE(desired.instances.size() == 2);
  for (const DesiredInstance& i : desired.instances) {
    CHECK(i.projects.at(0).key_digests.contains("OPENCLAW_GATEWAY_SECRET"));
    CHECK(i.config.at("gateway.auth.token")["id"] == "OPENCLAW_GATEWAY_SECRET");
  }
}

}  // namespace
}  // namespace clawform
