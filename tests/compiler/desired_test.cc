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
  Result<std::string> read_value(const KeyRef& ref) override {
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
gateway: {ports: 18789-18909}
projects:
  acme: {port: 18789, unauthenticated_gateway: test, keys: {ANTHROPIC_API_KEY: {from: env, var: ACME_KEY}}}
  globex:
    port: 18909
    unauthenticated_gateway: test
    keys: {OPENAI_API_KEY: {from: env, var: GLOBEX_KEY}, X_API_KEY: {from: env, var: MISSING}}
)",
                                            secrets);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].project == "globex");
  CHECK(errors[0].message ==
        "key OPENAI_API_KEY has the same value as project acme's key ANTHROPIC_API_KEY; each project needs its own key");
  CHECK(errors[1].message == "key X_API_KEY (env:MISSING): environment variable MISSING is not set");
  for (const PlanError& e : errors) CHECK(e.message.find("CANARY") == std::string::npos);
}

TEST_CASE("desired state: a gateway secret in topology A is refused - in C the key file carries it") {
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
gateway: {ports: 18789-18909, auth: {mode: token, token: {from: env, var: GW}}}
projects:
  acme: {port: 18789}
)",
                                   false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  std::vector<PlanError> none;
  DesiredState desired = testing::fixture_desired(*v.manifest, "/sandbox", secrets, none);
  CHECK(none.empty());
  REQUIRE(desired.instances.size() == 1);
  for (const DesiredInstance& i : desired.instances) {
    CHECK(i.projects.at(0).key_digests.contains("OPENCLAW_GATEWAY_SECRET"));
    CHECK(i.config.at("gateway.auth.token")["id"] == "OPENCLAW_GATEWAY_SECRET");
  }
}

TEST_CASE("desired state: each project's own gateway token, or its written opt-out") {
  testing::CanarySecrets secrets;
  FileValidation v = validate_text("fleet.yaml", kHeader + R"(topology: C
gateway: {ports: 18789-18909}
projects:
  acme: {port: 18789, gateway_token: {from: env, var: ACME_GW}}
  demo: {port: 18909, unauthenticated_gateway: "demo host"}
)",
                                   false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  std::vector<PlanError> errors;
  DesiredState desired = testing::fixture_desired(*v.manifest, "/sandbox", secrets, errors);
  CHECK(errors.empty());
  REQUIRE(desired.instances.size() == 2);
  const DesiredInstance& acme = desired.instances[0];
  CHECK(acme.config.at("gateway.auth.mode") == "token");
  CHECK(acme.config.at("gateway.auth.token") ==
        nlohmann::json({{"id", "OPENCLAW_GATEWAY_SECRET"}, {"provider", "default"}, {"source", "env"}}));
  CHECK(acme.projects.at(0).key_digests.contains("OPENCLAW_GATEWAY_SECRET"));
  const DesiredInstance& demo = desired.instances[1];
  CHECK(demo.config.at("gateway.auth.mode") == "none");
  CHECK_FALSE(demo.config.contains("gateway.auth.token"));
  CHECK(demo.projects.at(0).key_digests.empty());
  CHECK(gateway_auth_waivers(*v.manifest) ==
        std::vector<std::string>{"project demo: gateway runs WITHOUT auth (unauthenticated_gateway: \"demo host\"); "
                                 "any process on this host can drive its agent"});
}

TEST_CASE("desired state: two projects whose gateway tokens have one value are refused, naming no value") {
  SameValueSecrets secrets;
  std::vector<PlanError> errors = errors_of(R"(topology: C
gateway: {ports: 18789-18909}
projects:
  acme: {port: 18789, gateway_token: {from: env, var: ACME_GW}}
  globex: {port: 18909, gateway_token: {from: env, var: GLOBEX_GW}}
)",
                                            secrets);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].project == "globex");
  CHECK(errors[0].message ==
        "key gateway_token has the same value as project acme's key gateway_token; each project needs its own key");
}

}  // namespace
}  // namespace clawform
