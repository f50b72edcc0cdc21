// The registry of managed openclaw.json paths: what discovery reads from a
// real openclaw.json, what each topology wants written, and the fingerprint
// text, which saved plans hash and so must not change.
#include <doctest/doctest.h>

#include "backends/openclaw_parse.h"
#include "compiler/config_registry.h"
#include "compiler/live_fingerprint.h"
#include "schema/validate.h"
#include "tests/support/golden.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

using nlohmann::json;

ConfigValues parsed(const std::string& text) {
  Result<ConfigState> config = parse_openclaw_config(text);
  if (!config) FAIL(config.message());
  CHECK(config->exists);
  return config->values;
}

// Compared as JSON text, so a failure shows both maps.
std::string text_of(const ConfigValues& values) { return json(values).dump(); }

std::vector<ConfigValues> desired_of(const std::string& manifest_body) {
  FileValidation v = validate_text("fleet.yaml", R"(apiVersion: clawform/v1
fleet: t
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6}
defaults: {model: anthropic/claude-sonnet-4-6, update_channel: extended-stable}
)" + manifest_body,
                                   false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  testing::CanarySecrets secrets;
  std::vector<PlanError> errors;
  DesiredState desired = testing::fixture_desired(*v.manifest, "/r", secrets, errors);
  std::vector<ConfigValues> out;
  for (const DesiredInstance& i : desired.instances) out.push_back(i.config);
  return out;
}

const json kEnvRef = {{"id", "ANTHROPIC_API_KEY"}, {"provider", "default"}, {"source", "env"}};
const json kGatewayRef = {{"id", "OPENCLAW_GATEWAY_SECRET"}, {"provider", "default"}, {"source", "env"}};

TEST_CASE("config registry: every managed path, in fingerprint order") {
  std::vector<std::string> rows;
  for (const ConfigEntry& e : config_registry())
    rows.push_back(std::string(e.path) + " " + std::string(e.label) + (e.desired ? "" : " (observed)"));
  CHECK(rows == std::vector<std::string>{
                    "gateway.port gateway.port",
                    "gateway.bind gateway.bind",
                    "gateway.mode gateway.mode",
                    "gateway.auth.mode gateway.auth.mode",
                    "gateway.auth.token gateway.auth.secret",
                    "gateway.auth.password gateway.auth.secret",
                    "agents.defaults.model agents.defaults.model",
                    "update.channel update.channel",
                    "browser.enabled browser.enabled",
                    "update.auto.enabled update.auto.enabled",
                    "models.providers.*.apiKey provider.*",
                    "plugins.entries.*.enabled plugin.* (observed)",
                    "agents.entries.*.workspace agent.*.workspace",
                    "agents.entries.*.model agent.*.model",
                });
  CHECK(match_config_path("models.providers.*.apiKey", "models.providers.open.ai.apiKey") == "open.ai");
  CHECK(match_config_path("gateway.port", "gateway.port") == "");
  CHECK_FALSE(match_config_path("agents.entries.*.model", "agents.entries.acme.workspace"));
}

TEST_CASE("config registry: the managed values of openclaw.json files the CLI wrote") {
  CHECK(text_of(parsed(testing::read_file("fixtures/openclaw/acme-openclaw-after-setup.json"))) ==
        text_of({{"agents.entries.main.workspace", "/home/operator/.openclaw-acme/workspace"},
                 {"gateway.mode", "local"}}));
  CHECK(text_of(parsed(testing::read_file("fixtures/openclaw/config-after-plugin-install.json"))) ==
        text_of({{"plugins.entries.nostr.enabled", true}}));
  CHECK(text_of(parsed(testing::read_file("fixtures/openclaw/config-after-plugin-uninstall.json"))) ==
        text_of({{"plugins.entries.nostr.enabled", false}}));
}

TEST_CASE("config registry: shapes - a plain-string secret is inline and its value never read") {
  ConfigValues values = parsed(R"({
    // comments are allowed
    "gateway": {"port": 18790, "bind": "loopback", "mode": 3, "auth": {"mode": "token", "token": "CANARYSECRETVALUE"}},
    "agents": {"defaults": {"model": {"primary": "anthropic/claude-sonnet-4-6", "fallbacks": ["x/y"]}},
               "entries": {"acme": {"model": "openai/gpt-5.4"}, "bad": 7}},
    "update": {"channel": "beta", "auto": {"enabled": true}},
    "models": {"providers": {
      "anthropic": {"apiKey": {"source": "env", "provider": "default", "id": "ANTHROPIC_API_KEY"}},
      "openai": {"apiKey": "sk-proj-CANARYSECRETVALUE"}}},
    "plugins": {"entries": {"nostr": {"enabled": "yes"}}}
  })");
  CHECK(text_of(values) == text_of({{"agents.defaults.model", "anthropic/claude-sonnet-4-6"},
                                    {"agents.entries.acme.model", "openai/gpt-5.4"},
                                    {"gateway.auth.mode", "token"},
                                    {"gateway.auth.token", {{"source", "inline"}}},
                                    {"gateway.bind", "loopback"},
                                    {"gateway.port", 18790},
                                    {"models.providers.anthropic.apiKey", kEnvRef},
                                    {"models.providers.openai.apiKey", {{"source", "inline"}}},
                                    {"update.auto.enabled", true},
                                    {"update.channel", "beta"}}));
  CHECK(text_of(values).find("CANARY") == std::string::npos);
}

TEST_CASE("config registry: desired values in topology A - agents, no provider keys") {
  std::vector<ConfigValues> a = desired_of(R"(topology: A
gateway: {ports: 18789-18789}
projects:
  acme: {keys: {ANTHROPIC_API_KEY: {from: env, var: K1}}}
  globex: {model: openai/gpt-5.4}
)");
  REQUIRE(a.size() == 1);
  CHECK(text_of(a[0]) == text_of({{"agents.defaults.model", "anthropic/claude-sonnet-4-6"},
                                  {"agents.entries.acme.model", "anthropic/claude-sonnet-4-6"},
                                  {"agents.entries.acme.workspace", "/r/home/operator/.openclaw/workspace-acme"},
                                  {"agents.entries.globex.model", "openai/gpt-5.4"},
                                  {"agents.entries.globex.workspace", "/r/home/operator/.openclaw/workspace-globex"},
                                  {"browser.enabled", true},
                                  {"gateway.auth.mode", "none"},
                                  {"gateway.bind", "loopback"},
                                  {"gateway.mode", "local"},
                                  {"gateway.port", 18789},
                                  {"update.auto.enabled", false},
                                  {"update.channel", "extended-stable"}}));
}

TEST_CASE("config registry: desired values in topology B - a password by reference") {
  std::vector<ConfigValues> b = desired_of(R"(topology: B
gateway: {ports: 18789-18790, auth: {mode: password, password: {from: env, var: GW}}}
projects:
  acme: {port: 18789, user: acme, model: openai/gpt-5.4, update_channel: stable,
         keys: {ANTHROPIC_API_KEY: {from: env, var: K1}, SLACK_TOKEN: {from: env, var: K2}}}
)");
  REQUIRE(b.size() == 1);
  CHECK(text_of(b[0]) == text_of({{"agents.defaults.model", "openai/gpt-5.4"},
                                  {"browser.enabled", true},
                                  {"gateway.auth.mode", "password"},
                                  {"gateway.auth.password", kGatewayRef},
                                  {"gateway.bind", "loopback"},
                                  {"gateway.mode", "local"},
                                  {"gateway.port", 18789},
                                  {"models.providers.anthropic.apiKey", kEnvRef},
                                  {"update.auto.enabled", false},
                                  {"update.channel", "stable"}}));
}

TEST_CASE("config registry: desired values in topology C - one instance per project, its own token by reference") {
  std::vector<ConfigValues> c = desired_of(R"(topology: C
gateway: {ports: 18789-18791, bind: loopback}
projects:
  acme: {port: 18789, gateway_token: {from: env, var: GW1}, keys: {ANTHROPIC_API_KEY: {from: env, var: K1}},
         browser: false}
  globex: {port: 18791, gateway_token: {from: env, var: GW2}}
)");
  REQUIRE(c.size() == 2);
  ConfigValues acme = {{"agents.defaults.model", "anthropic/claude-sonnet-4-6"},
                       {"browser.enabled", false},
                       {"gateway.auth.mode", "token"},
                       {"gateway.auth.token", kGatewayRef},
                       {"gateway.bind", "loopback"},
                       {"gateway.mode", "local"},
                       {"gateway.port", 18789},
                       {"models.providers.anthropic.apiKey", kEnvRef},
                       {"update.auto.enabled", false},
                       {"update.channel", "extended-stable"}};
  CHECK(text_of(c[0]) == text_of(acme));
  ConfigValues globex = acme;
  globex.erase("models.providers.anthropic.apiKey");
  globex["gateway.port"] = 18791;
  globex["browser.enabled"] = true;
  CHECK(text_of(c[1]) == text_of(globex));
}

TEST_CASE("config registry: OpenClaw's auto-updater is off on every instance, only a boolean is read back") {
  // A string "false" is not what OpenClaw's schema accepts: it is not read
  // as a value, so the plan sets the boolean again.
  CHECK(parsed(R"({"update": {"auto": {"enabled": "false"}}})").count("update.auto.enabled") == 0);
  CHECK(text_of(parsed(R"({"update": {"auto": {"enabled": false}}})")) == text_of({{"update.auto.enabled", false}}));
  const char* manifests[] = {
      "topology: A\ngateway: {ports: 18789-18789}\nprojects: {acme: {}, globex: {}}\n",
      "topology: B\ngateway: {ports: 18789-18909}\nprojects:\n"
      "  acme: {port: 18789, user: acme, gateway_token: {from: env, var: GW1}}\n"
      "  globex: {port: 18909, user: globex, gateway_token: {from: env, var: GW2}}\n",
      "topology: C\ngateway: {ports: 18789-18909}\nprojects:\n"
      "  acme: {port: 18789, gateway_token: {from: env, var: GW1}}\n"
      "  globex: {port: 18909, gateway_token: {from: env, var: GW2}}\n"};
  for (const char* body : manifests) {
    CAPTURE(body);
    std::vector<ConfigValues> instances = desired_of(body);
    REQUIRE(!instances.empty());
    for (const ConfigValues& values : instances) CHECK(values.at("update.auto.enabled") == json(false));
  }
}

TEST_CASE("config registry: the fingerprint text is the one saved plans were hashed with") {
  InstanceState empty;
  CHECK(fingerprint_groups(empty).at("config") ==
        "exists=false\n"
        "gateway.port unset\n"
        "gateway.bind unset\n"
        "gateway.mode unset\n"
        "gateway.auth.mode unset\n"
        "agents.defaults.model unset\n"
        "update.channel unset\n"
        "browser.enabled unset\n"
        "update.auto.enabled unset\n");

  InstanceState i;
  i.config.exists = true;
  i.config.values = {{"gateway.port", 18789},
                     {"gateway.mode", "local"},
                     {"gateway.auth.mode", "token"},
                     {"gateway.auth.token", kGatewayRef},
                     {"agents.defaults.model", "anthropic/claude-sonnet-4-6"},
                     {"models.providers.openai.apiKey", {{"source", "inline"}}},
                     {"models.providers.anthropic.apiKey", kEnvRef},
                     {"plugins.entries.nostr.enabled", true},
                     {"plugins.entries.matrix.enabled", false},
                     {"agents.entries.main.workspace", "/w/main"},
                     {"agents.entries.main-2.workspace", "/w/main-2"},
                     {"agents.entries.main.model", "openai/gpt-5.4"}};
  // Written by the code before the registry, for the same state; each
  // managed value added since adds its line (update.auto.enabled).
  CHECK(fingerprint_groups(i).at("config") ==
        "exists=true\n"
        "gateway.port=18789\n"
        "gateway.bind unset\n"
        "gateway.mode=local\n"
        "gateway.auth.mode=token\n"
        "gateway.auth.secret=env:default:OPENCLAW_GATEWAY_SECRET\n"
        "agents.defaults.model=anthropic/claude-sonnet-4-6\n"
        "update.channel unset\n"
        "browser.enabled unset\n"
        "update.auto.enabled unset\n"
        "provider.anthropic=env:default:ANTHROPIC_API_KEY\n"
        "provider.openai=inline::\n"
        "plugin.matrix=false\n"
        "plugin.nostr=true\n"
        "agent.main.workspace=/w/main\n"
        "agent.main-2.workspace=/w/main-2\n"
        "agent.main.model=openai/gpt-5.4\n");
}

}  // namespace
}  // namespace clawform
