#include <doctest/doctest.h>

#include "schema/load.h"
#include "schema/validate.h"

namespace clawform {
namespace {

TEST_CASE("five-clients.yaml decodes into the typed model") {
  Diagnostics diagnostics;
  LoadedManifest loaded = load_manifest("examples/five-clients.yaml", diagnostics);
  REQUIRE(loaded.manifest);
  CHECK_FALSE(diagnostics.has_errors());
  const Manifest& m = *loaded.manifest;
  CHECK(m.api_version == "clawform/v1");
  CHECK(m.fleet == "m4pro-sg-02");
  CHECK(m.region == "sg");
  CHECK(m.host.os == HostOs::MacOS);
  CHECK(m.host.memory_gb == 64);
  CHECK(m.host.disk_gb == 2048);
  CHECK(m.openclaw.version == "2026.9.6");
  CHECK(m.openclaw.node_major == 24);
  CHECK(m.topology == Topology::C);
  CHECK(m.gateway.ports.first == 18789);
  CHECK(m.gateway.ports.last == 19379);
  CHECK(m.gateway.bind == BindMode::Loopback);
  CHECK(m.gateway.auth.mode == AuthMode::None);

  REQUIRE(m.projects.size() == 5);
  const char* names[] = {"acme", "globex", "initech", "umbrella", "internal"};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(m.projects[i].name == names[i]);
    CHECK(m.projects[i].port == 18789 + 120 * static_cast<int>(i));
  }
  const Project& acme = m.projects[0];
  CHECK(acme.model == "anthropic/claude-sonnet-4-6");  // from defaults
  REQUIRE(acme.keys.size() == 2);  // and its gateway token, under the key-file name
  CHECK(acme.keys[0].name == "ANTHROPIC_API_KEY");
  CHECK(acme.keys[1].name == std::string(kGatewayTokenKey));
  CHECK(acme.keys[1].ref.describe() == "env:ACME_GATEWAY_TOKEN");
  CHECK(project_auth_mode(m, acme) == AuthMode::Token);
  CHECK(acme.keys[0].ref.source == KeyRef::Source::Env);
  CHECK(acme.keys[0].ref.describe() == "env:ACME_ANTHROPIC_KEY");
  REQUIRE(acme.plugins.size() == 1);
  CHECK(acme.plugins[0].package == "@openclaw/nostr");
  CHECK(acme.plugins[0].version == "2026.9.5");
  CHECK(acme.plugins[0].channel == PluginChannel::Stable);
  CHECK_FALSE(acme.canary);
  CHECK(acme.update_channel == UpdateChannel::Stable);

  CHECK(m.projects[1].model == "openai/gpt-5.4");
  CHECK(m.projects[2].keys.size() == 3);

  const Project& internal = m.projects[4];
  CHECK(internal.canary);
  CHECK(internal.update_channel == UpdateChannel::Beta);
  REQUIRE(internal.plugins.size() == 1);
  CHECK(internal.plugins[0].version == "2026.8.1-beta.3");
  CHECK(internal.plugins[0].channel == PluginChannel::Beta);
}

TEST_CASE("topology B keeps each project's user - file and keychain references decode") {
  Diagnostics diagnostics;
  LoadedManifest loaded = load_manifest("fixtures/manifests/valid/key-sources.yaml", diagnostics);
  REQUIRE(loaded.manifest);
  CHECK_FALSE(diagnostics.has_errors());
  const Manifest& m = *loaded.manifest;
  CHECK(m.topology == Topology::B);
  REQUIRE(m.projects.size() == 2);
  CHECK(m.projects[0].user == "acme");
  REQUIRE(m.projects[0].keys.size() == 3);
  CHECK(m.projects[0].keys[0].ref.describe() == "file:/etc/clawform/acme/anthropic.key");
  CHECK(m.projects[0].keys[1].ref.describe() == "keychain:clawform.acme.openai/acme");
  CHECK(m.projects[0].keys[2].name == std::string(kGatewayTokenKey));
  CHECK(m.projects[0].keys[2].ref.describe() == "file:/etc/clawform/acme/gateway.token");
  CHECK(m.projects[1].workspace == "~/work/pilot");
  CHECK(m.projects[1].keys.back().ref.describe() == "keychain:clawform.pilot.gateway");
  CHECK(m.gateway.auth.mode == AuthMode::None);
  CHECK_FALSE(m.gateway.auth.secret);
  for (const Project& p : m.projects) CHECK(project_auth_mode(m, p) == AuthMode::Token);
}

TEST_CASE("the gateway token's key-file name is reserved: it is written as gateway_token") {
  FileValidation v = validate_text("fleet.yaml", R"(apiVersion: clawform/v1
fleet: t
region: sg
host: {os: linux, memory_gb: 64, disk_gb: 2048}
openclaw: {version: 2026.9.6}
topology: C
gateway: {ports: 18789-18789}
defaults: {model: anthropic/claude-sonnet-4-6}
projects:
  acme:
    port: 18789
    keys: {OPENCLAW_GATEWAY_SECRET: {from: env, var: ACME_GATEWAY_TOKEN}}
)",
                                   false);
  CHECK(render_validation_text(v) ==
        "fleet.yaml:10:3: error: [gateway-auth-none] project \"acme\" runs its gateway without auth: loopback keeps the "
        "network out, not the other tenants; another tenant on this host can drive its agent. Give it "
        "projects.acme.gateway_token (its own key reference), or write projects.acme.unauthenticated_gateway: "
        "\"<why>\" to opt out deliberately\n"
        "      acme:\n"
        "      ^\n"
        "fleet.yaml:12:12: error: [bad-name] key name OPENCLAW_GATEWAY_SECRET in projects.acme.keys is reserved for "
        "the gateway token; write projects.acme.gateway_token\n"
        "        keys: {<redacted>\n"
        "               ^\n"
        "fleet.yaml: invalid, 2 errors\n");
}

}  // namespace
}  // namespace clawform
