#pragma once
// The fleet manifest as typed values (apiVersion clawform/v1).
//
// Plain data: no behaviour, no I/O. Every value that a diagnostic may point at
// keeps the SourceLocation it was read from. Field meanings, defaults and
// examples: docs/manifest.md (generated from schema/vocabulary.cc).

#include <optional>
#include <string>
#include <vector>

#include "schema/source_location.h"

namespace clawform {

enum class Topology { A, B, C };
enum class HostOs { MacOS, Linux };
// OpenClaw's gateway.bind values.
enum class BindMode { Loopback, Lan, Tailnet, Auto, Custom };
// OpenClaw's gateway.auth.mode values.
enum class AuthMode { None, Token, Password, TrustedProxy };
// OpenClaw's update.channel values.
enum class UpdateChannel { Stable, ExtendedStable, Beta, Dev };
// clawform's own notion: a beta plugin is a prerelease pin, canary-only.
enum class PluginChannel { Stable, Beta };

// Where a secret value lives. The manifest holds the reference, never the value.
struct KeyRef {
  enum class Source { Env, File, Keychain };
  Source source = Source::Env;
  std::string var;      // Env: the variable clawform reads at apply time
  std::string path;     // File: absolute path of a file holding the value
  std::string service;  // Keychain: item service name (macOS)
  std::string account;  // Keychain: item account (optional)
  SourceLocation location;

  // A stable one-line form, e.g. "env:ACME_ANTHROPIC_KEY"; safe to print.
  std::string describe() const;
  friend bool operator==(const KeyRef& a, const KeyRef& b) {
    return a.source == b.source && a.var == b.var && a.path == b.path &&
           a.service == b.service && a.account == b.account;
  }
};

// The key-file name of a project's own gateway token (topologies B and C):
// `projects.<name>.gateway_token` decodes into Project::keys under this name,
// so the key file, the key-shared lint and the equal-value check treat it
// like any other key. compiler/desired.h's kGatewaySecretName is the same.
inline constexpr const char* kGatewayTokenKey = "OPENCLAW_GATEWAY_SECRET";

// One API key a project's gateway sees: env name -> where its value lives.
struct ProjectKey {
  std::string name;  // e.g. ANTHROPIC_API_KEY
  KeyRef ref;
  SourceLocation location;  // of the name
};

struct PluginPin {
  std::string package;  // npm package name, e.g. "@openclaw/nostr"
  std::string version;  // as written; exact unless a lint says otherwise
  PluginChannel channel = PluginChannel::Stable;
  SourceLocation location;          // of the package name
  SourceLocation version_location;  // of the version
  SourceLocation channel_location;  // of `channel`, when written
};

// A name the manifest asks clawform to delete (a project or a plugin).
struct Removal {
  std::string name;
  SourceLocation location;
};

struct Project {
  std::string name;
  SourceLocation location;  // of the name
  std::optional<int> port;
  SourceLocation port_location;
  std::optional<std::string> user;
  SourceLocation user_location;
  std::string model;  // provider/model; the fleet default when not written
  SourceLocation model_location;
  std::vector<ProjectKey> keys;  // with the gateway token, if any (kGatewayTokenKey)
  SourceLocation gateway_token_location;  // known: `gateway_token` was written
  // Deliberate opt-out of gateway auth (topologies B and C): why this
  // project's gateway may run with auth none. Shown in plans and tickets.
  std::optional<std::string> unauthenticated_gateway;
  SourceLocation unauthenticated_gateway_location;
  std::vector<PluginPin> plugins;
  // Topologies B and C: this project's OpenClaw, when not the fleet's
  // openclaw.version (a canary ahead of the rest); project_openclaw_version().
  std::optional<std::string> openclaw_version;
  SourceLocation openclaw_version_location;
  bool canary = false;
  // OpenClaw's browser (`browser.enabled`): on by default. On, the gateway
  // reserves its derived ports too (schema/port_plan.h).
  bool browser = true;
  SourceLocation browser_location;  // known: `browser` was written
  std::optional<std::string> workspace;  // absent: the topology's default
  SourceLocation workspace_location;
  UpdateChannel update_channel = UpdateChannel::Stable;
  SourceLocation update_channel_location;
  std::vector<Removal> remove_plugins;  // npm package names
};

struct PortRange {
  int first = 0;
  int last = 0;
  SourceLocation location;
  bool contains(int port) const { return port >= first && port <= last; }
};

struct GatewayAuth {
  AuthMode mode = AuthMode::None;
  std::optional<KeyRef> secret;  // token or password reference
  SourceLocation location;
};

struct Gateway {
  PortRange ports;
  BindMode bind = BindMode::Loopback;
  SourceLocation bind_location;
  GatewayAuth auth;
};

struct HostSpec {
  HostOs os = HostOs::MacOS;
  int memory_gb = 0;
  int disk_gb = 0;
  SourceLocation location;
};

struct OpenClawPin {
  std::string version;
  SourceLocation version_location;
  int node_major = 24;
  SourceLocation node_major_location;
};

struct Defaults {
  std::string model;
  SourceLocation model_location;
  UpdateChannel update_channel = UpdateChannel::Stable;
};

// One age X25519 recipient (a public key, "age1" + bech32) a backup's
// secrets are encrypted to.
struct BackupRecipient {
  std::string recipient;
  SourceLocation location;
};

// `backup:` (docs/operations.md, `clawform backup`): who can read a backup's
// secrets, and how many backup sets to keep.
struct BackupSpec {
  std::vector<BackupRecipient> recipients;  // in manifest order, distinct
  std::optional<int> keep;                  // absent: keep every set
  SourceLocation keep_location;
  SourceLocation location;  // of the `backup` key
};

struct Manifest {
  std::string path;  // the file it was read from
  std::string api_version;
  std::string fleet;
  std::string region;
  HostSpec host;
  OpenClawPin openclaw;
  Topology topology = Topology::C;
  SourceLocation topology_location;
  Gateway gateway;
  Defaults defaults;
  std::vector<Project> projects;  // in manifest order
  std::vector<Removal> remove_projects;
  std::optional<BackupSpec> backup;
};

std::string_view topology_name(Topology topology);
// The gateway.auth.mode `project`'s gateway runs with: in B and C its own
// token (token), its opt-out (none), else the fleet's gateway.auth.mode.
AuthMode project_auth_mode(const Manifest& manifest, const Project& project);
bool has_own_gateway_token(const Project& project);
// The OpenClaw version `project`'s instance runs: its own pin, else the
// fleet's openclaw.version.
const std::string& project_openclaw_version(const Manifest& manifest, const Project& project);
// One plain sentence per project that opted out of gateway auth, naming it
// and its reason, in manifest order (for plans and change tickets).
std::vector<std::string> gateway_auth_waivers(const Manifest& manifest);
std::string_view update_channel_name(UpdateChannel channel);
// OpenClaw's own words: gateway.bind and gateway.auth.mode values.
std::string_view bind_mode_name(BindMode bind);
std::string_view auth_mode_name(AuthMode auth);

}  // namespace clawform
