#include "schema/vocabulary.h"

#include <algorithm>
#include <cstdlib>

namespace clawform {

const FieldSpec* ObjectSpec::field(std::string_view key) const {
  auto it = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.key == key; });
  return it == fields.end() ? nullptr : &*it;
}

std::vector<std::string_view> ObjectSpec::keys() const {
  std::vector<std::string_view> out;
  for (const FieldSpec& f : fields) out.push_back(f.key);
  return out;
}

namespace {

using T = FieldType;

std::vector<ObjectSpec> build() {
  const std::vector<std::string_view> update_channels = {"stable", "extended-stable", "beta", "dev"};
  return {
      {"manifest",
       "A fleet manifest: the OpenClaw projects one host runs, and how.",
       {
           {.key = "apiVersion", .type = T::Enum, .description = "Manifest format version.",
            .required = true, .example = "clawform/v1", .values = {"clawform/v1"}},
           {.key = "fleet", .type = T::String,
            .description = "Name of this host's fleet; appears in plans and change tickets.",
            .required = true, .example = "m4pro-sg-01", .pattern = patterns::kFleetName},
           {.key = "region", .type = T::Enum, .description = "Where the host runs.",
            .required = true, .example = "sg", .values = {"sg", "jp", "kr", "hk", "us-east", "us-west"}},
           {.key = "host", .type = T::Object, .description = "The machine's operating system and size.",
            .required = true, .object = "host"},
           {.key = "openclaw", .type = T::Object,
            .description = "The OpenClaw release every instance runs.", .required = true,
            .object = "openclaw"},
           {.key = "topology", .type = T::Enum,
            .description = "A: one gateway, one agent workspace per project. B: one OS user per "
                           "project. C: one OpenClaw instance (profile) per project on its own port.",
            .required = true, .example = "C", .values = {"A", "B", "C"}},
           {.key = "gateway", .type = T::Object,
            .description = "Gateway ports, bind address and auth, for every instance.",
            .required = true, .object = "gateway"},
           {.key = "defaults", .type = T::Object,
            .description = "Values a project takes when it does not set its own.",
            .object = "defaults"},
           {.key = "projects", .type = T::MapOf,
            .description = "The projects, keyed by name, in the order plans list them.",
            .required = true, .object = "project", .key_pattern = patterns::kProjectName},
           {.key = "remove_projects", .type = T::StringList,
            .description = "Projects to delete from the host. A project merely left out of `projects` is "
                           "left alone; deletion must be asked for by name.",
            .default_value = "[]", .example = "[old-client]", .pattern = patterns::kProjectName},
           {.key = "backup", .type = T::Object,
            .description = "What `clawform backup` needs: the age recipients its secrets are encrypted to, "
                           "and how many backup sets to keep.",
            .object = "backup"},
       }},
      {"host",
       "The machine the fleet runs on. Sizes are checked against each topology's floor.",
       {
           {.key = "os", .type = T::Enum, .description = "Operating system; picks launchd or systemd.",
            .required = true, .example = "macos", .values = {"macos", "linux"}},
           {.key = "memory_gb", .type = T::Integer, .description = "Installed memory in GB.",
            .required = true, .example = "64", .minimum = 1, .maximum = 65536},
           {.key = "disk_gb", .type = T::Integer, .description = "Disk size in GB.",
            .required = true, .example = "2048", .minimum = 1, .maximum = 1048576},
       }},
      {"openclaw",
       "The pinned OpenClaw CLI.",
       {
           {.key = "version", .type = T::String,
            .description = "Exact OpenClaw version (npm package `openclaw`) every instance must run.",
            .required = true, .example = "2026.9.6", .pattern = patterns::kExactVersion},
           {.key = "node_major", .type = T::Integer,
            .description = "Node.js major version OpenClaw runs on (OpenClaw 2026.9 needs 24 or later).",
            .default_value = "24", .example = "24", .minimum = 1, .maximum = 1000},
       }},
      {"project_openclaw",
       "A project's own OpenClaw pin (topologies B and C).",
       {
           {.key = "version", .type = T::String,
            .description = "Exact OpenClaw version (npm package `openclaw`) this project's instance runs.",
            .required = true, .example = "2026.9.6", .pattern = patterns::kExactVersion},
       }},
      {"gateway",
       "Settings every project's gateway shares.",
       {
           {.key = "ports", .type = T::PortRange,
            .description = "Ports reserved for the fleet's gateways, FIRST-LAST inclusive. Topology A "
                           "runs its one gateway on FIRST. Each gateway on P also takes P+1 and, with the "
                           "browser on, P+2..P+110 (docs/ports.md): space gateways 111 or more apart.",
            .required = true, .example = "18789-19379", .pattern = patterns::kPortRange},
           {.key = "bind", .type = T::Enum,
            .description = "OpenClaw `gateway.bind`. Anything but loopback needs `auth`.",
            .default_value = "loopback", .example = "loopback",
            .values = {"loopback", "lan", "tailnet", "auto", "custom"}},
           {.key = "auth", .type = T::Object, .description = "OpenClaw `gateway.auth`.",
            .default_value = "{mode: none}", .object = "gateway_auth"},
       }},
      {"gateway_auth",
       "How clients authenticate to a gateway.",
       {
           {.key = "mode", .type = T::Enum, .description = "OpenClaw `gateway.auth.mode`.",
            .required = true, .example = "token", .values = {"none", "token", "password", "trusted-proxy"}},
           {.key = "token", .type = T::KeyRef,
            .description = "Where the gateway token lives (mode token).", .object = "key_ref"},
           {.key = "password", .type = T::KeyRef,
            .description = "Where the gateway password lives (mode password).", .object = "key_ref"},
       }},
      {"defaults",
       "Fleet-wide defaults for projects.",
       {
           {.key = "model", .type = T::String,
            .description = "Default model, provider/model, for projects that set none.",
            .example = "anthropic/claude-sonnet-4-6", .pattern = patterns::kModelRef},
           {.key = "update_channel", .type = T::Enum,
            .description = "OpenClaw `update.channel` for projects that set none; beta and dev only "
                           "in canary projects.",
            .default_value = "stable", .example = "stable", .values = update_channels},
       }},
      {"project",
       "One OpenClaw project (a client): its gateway port, OS user, model, keys and plugins.",
       {
           {.key = "port", .type = T::Integer,
            .description = "Gateway port, inside `gateway.ports`. Required in topologies B and C. Its "
                           "derived ports (P+1..P+110 with the browser on) must not meet another gateway's.",
            .example = "18789", .minimum = 1, .maximum = 65535},
           {.key = "user", .type = T::String,
            .description = "OS user that owns and runs the project. Topology B only, and required there.",
            .example = "pilot", .pattern = patterns::kUserName},
           {.key = "model", .type = T::String, .description = "Default model, provider/model.",
            .default_value = "defaults.model", .example = "anthropic/claude-sonnet-4-6",
            .pattern = patterns::kModelRef},
           {.key = "keys", .type = T::MapOf,
            .description = "API keys the gateway sees: env name -> where the value lives. Values are "
                           "never written in the manifest.",
            .default_value = "{}", .object = "key_ref", .key_pattern = patterns::kKeyName},
           {.key = "gateway_token", .type = T::KeyRef,
            .description = "Topologies B and C: where this project's own gateway token lives. The gateway "
                           "then runs with auth mode token; the value goes to the project's key file as "
                           "OPENCLAW_GATEWAY_SECRET and openclaw.json refers to it as a SecretRef. Never "
                           "shared with another project.",
            .example = "{from: env, var: ACME_GATEWAY_TOKEN}", .object = "key_ref"},
           {.key = "unauthenticated_gateway", .type = T::String,
            .description = "Topologies B and C: a deliberate opt-out of gateway auth, written as the "
                           "reason. The gateway runs with auth none, so any process on the host can drive "
                           "this project's agent; plans and change tickets say so.",
            .example = "\"demo box, no other tenant runs agents here\"", .pattern = "\\S"},
           {.key = "plugins", .type = T::MapOf,
            .description = "Plugins by npm package name, each pinned to an exact version.",
            .default_value = "{}", .example = "\"@openclaw/nostr\": 2026.9.5", .object = "plugin",
            .key_pattern = patterns::kNpmPackage},
           {.key = "openclaw", .type = T::Object,
            .description = "Topologies B and C: the OpenClaw this project's instance runs, when not "
                           "`openclaw.version` (a canary goes first; the rest follow in a later window).",
            .example = "{version: 2026.9.6}", .object = "project_openclaw"},
           {.key = "canary", .type = T::Boolean,
            .description = "The project that may run prerelease plugins and the beta/dev update channel.",
            .default_value = "false", .example = "true"},
           {.key = "browser", .type = T::Boolean,
            .description = "OpenClaw `browser.enabled`. On, the gateway on port P also takes P+1..P+110 "
                           "(browser control P+2, extension relays P+3..P+10, Chrome CDP P+11..P+110), so "
                           "gateways must be at least 111 apart; off, P and P+1. In topology A the one "
                           "gateway runs it when any project does.",
            .default_value = "true", .example = "false"},
           {.key = "workspace", .type = T::String,
            .description = "Agent workspace directory (absolute or ~/...).",
            .default_value = "the topology's default", .example = "~/work/acme",
            .pattern = patterns::kWorkspace},
           {.key = "update_channel", .type = T::Enum, .description = "OpenClaw `update.channel`.",
            .default_value = "defaults.update_channel", .example = "stable", .values = update_channels},
           {.key = "remove_plugins", .type = T::StringList,
            .description = "Plugins (npm package names) to uninstall from this project. A plugin merely "
                           "left out of `plugins` is left alone.",
            .default_value = "[]", .example = "[\"@openclaw/zalo\"]", .pattern = patterns::kNpmPackage},
       }},
      {"backup",
       "`clawform backup` (docs/operations.md): each instance's OpenClaw state archive, and apart from it "
       "its key files, credentials and service files, encrypted with age to these recipients.",
       {
           {.key = "recipients", .type = T::StringList,
            .description = "age X25519 recipients (public keys, `age-keygen -y IDENTITY` prints one); any "
                           "one of their identities decrypts a backup's secrets. Never an identity "
                           "(AGE-SECRET-KEY-1...).",
            .required = true, .example = "[age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p]",
            .pattern = patterns::kAgeRecipient, .minimum = 1},
           {.key = "keep", .type = T::Integer,
            .description = "How many backup sets `clawform backup` keeps in its --out directory (the "
                           "oldest beyond it are removed after a successful backup); `--keep` overrides it.",
            .default_value = "every set", .example = "8", .minimum = 1, .maximum = 100000},
       }},
      {"key_ref",
       "Where a secret value lives. clawform reads it only at apply time and never prints it.",
       {
           {.key = "from", .type = T::Enum, .description = "The kind of source.", .required = true,
            .example = "env", .values = {"env", "file", "keychain"}},
           {.key = "var", .type = T::String, .description = "from: env — the environment variable.",
            .example = "ACME_ANTHROPIC_KEY", .pattern = patterns::kEnvVarName},
           {.key = "path", .type = T::String, .description = "from: file — absolute path of the file.",
            .example = "/etc/clawform/acme/openai.key", .pattern = "^/"},
           {.key = "service", .type = T::String,
            .description = "from: keychain — the macOS keychain item's service.",
            .example = "clawform.acme.anthropic"},
           {.key = "account", .type = T::String,
            .description = "from: keychain — the item's account (optional).", .example = "acme"},
       }},
      {"plugin",
       "A plugin pin. Written as a bare version, or as a mapping to set the channel.",
       {
           {.key = "version", .type = T::String, .description = "Exact version (no ranges or tags).",
            .required = true, .example = "2.0.0-beta.3", .pattern = patterns::kExactVersion},
           {.key = "channel", .type = T::Enum,
            .description = "beta marks a prerelease pin; only canary projects may have one.",
            .default_value = "stable", .example = "beta", .values = {"stable", "beta"}},
       }},
  };
}

}  // namespace

std::span<const ObjectSpec> object_specs() {
  static const std::vector<ObjectSpec> specs = build();
  return specs;
}

const ObjectSpec& object_spec(std::string_view name) {
  for (const ObjectSpec& spec : object_specs())
    if (spec.name == name) return spec;
  std::abort();  // a typo in this file, caught by every test
}

}  // namespace clawform
