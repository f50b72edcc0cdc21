#pragma once
// The host's live state, per OpenClaw instance: what discovery saw. The
// planner diffs the desired state against it. Plain data; serialized by
// compiler/live_state_json.h (docs/discovery.md documents the JSON).
//
// Never holds a secret value: key files are described by key names and a
// keyed digest of each value (see SecretsState).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clawform {

// A path on the host, as discovery found it.
struct PathState {
  std::string path;  // absolute host path (inside --root when one is given)
  bool exists = false;
  std::string type;  // "file", "dir", "symlink", "other"; empty when absent
  unsigned mode = 0;  // permission bits, e.g. 0700
  std::uint32_t uid = 0;
  std::uint64_t size = 0;  // files only
};

struct PluginState {
  std::string id;       // OpenClaw plugin id, e.g. "nostr"
  std::string name;
  std::string version;
  std::string origin;   // "bundled" | "global" | ...
  bool enabled = false;
  std::string status;   // "loaded" | "disabled" | "error" | ...
  std::string install_source;  // trust.installSource, e.g. "npm"; empty for bundled
  std::string install_spec;    // trust.installSpec, e.g. "@openclaw/nostr@2026.9.5"
  // rootDir: where its package is installed (…/npm/projects/P/node_modules/
  // NAME for an npm install). Read by the plugin step (its install record),
  // not part of the recorded live state.
  std::string root_dir{};
};

// openclaw.json values by concrete dotted path ("gateway.port",
// "models.providers.anthropic.apiKey"), recorded as compiler/config_registry.h
// says for each managed path.
using ConfigValues = std::map<std::string, nlohmann::json>;

// The parts of openclaw.json clawform manages (compiler/config_registry.h).
struct ConfigState {
  bool exists = false;
  ConfigValues values;  // only the paths that are set

  // gateway.port, when set: where the instance's gateway listens by its own config.
  std::optional<int> gateway_port() const {
    auto it = values.find("gateway.port");
    if (it == values.end() || !it->second.is_number_integer()) return std::nullopt;
    return it->second.get<int>();
  }
};

struct SecretsState {
  PathState dir;
  PathState key_file;
  // Key name -> hex HMAC-SHA256 of the value under the host's digest key;
  // comparable between runs on one host, not reversible.
  std::map<std::string, std::string> key_digests;
};

struct ServiceState {
  std::string manager;  // "launchd" | "systemd" | "sandbox"
  std::string name;     // label or unit name
  PathState file;
  std::string content_digest;  // sha256 of the service file, when present
};

struct HttpCheck {
  bool reachable = false;  // a TCP connection and an HTTP response
  int http_status = 0;
  double latency_ms = 0;
  std::string error;  // why not reachable
};

// What a gateway's three probe endpoints said (OpenClaw 2026.9.6 serves
// each under two names: /health = /healthz, /startupz = /startup, /ready =
// /readyz). /health: the process answers. /startupz: started and not
// draining; channels are not consulted. /ready: every configured channel
// account passes its checks, so a provider outage can fail it.
struct GatewayState {
  int port = 0;
  HttpCheck health;   // GET /health
  HttpCheck startup;  // GET /startupz
  HttpCheck ready;    // GET /ready
  std::optional<bool> ok;             // /health body "ok"
  std::optional<std::string> status;  // /health body "status", "live" when up
  std::optional<bool> startup_ok;              // /startupz body "ok"
  std::optional<std::string> startup_status;   // /startupz body "status": "started", "starting", "draining"
  std::optional<std::string> startup_pending;  // /startupz body "pendingReason" while starting
  // /startupz body "version" once started: the OpenClaw the gateway runs,
  // told without starting openclaw (what `clawform status` reports).
  std::optional<std::string> startup_version{};
  std::optional<bool> is_ready;       // /ready body "ready"
  std::vector<std::string> failing;   // /ready body "failing": channel ids, "gateway-draining", ...
  // Something accepts connections on the port but does not answer as an
  // OpenClaw gateway.
  bool port_held_by_other = false;

  bool live() const { return ok.value_or(false) && status.value_or("") == "live"; }
  bool started() const { return startup_ok.value_or(false) && startup_status.value_or("") == "started"; }
};

// A failure while discovering one instance: which step, which command.
struct DiscoveryError {
  std::string step;     // "version", "plugins", "config", "filesystem", "gateway"
  std::string command;  // the argv, joined, when a process was run
  std::string message;  // exit code and stderr tail, timeout, parse error
};

// One project's own files inside an instance.
struct ProjectFiles {
  std::string project;
  PathState workspace;
  SecretsState secrets;
};

struct InstanceState {
  std::string instance;               // "default" (A), the user (B), the profile (C)
  std::vector<std::string> projects;  // the projects it serves: all in A, one in B and C
  std::string state_dir;
  std::string config_path;
  // The openclaw its service file runs (the command's first word); "" when
  // it has no service file (then the version is the given openclaw's).
  std::string openclaw_binary{};
  std::optional<std::string> openclaw_version;  // e.g. "2026.9.6"
  // The Node.js that runs openclaw, e.g. "24.21.0"; nullopt when it could
  // not be told (discover.cc says how it asks).
  std::optional<std::string> node_version;
  PathState state_dir_path;
  ConfigState config;
  std::vector<PluginState> plugins;  // sorted by id; empty when the state dir is absent
  std::vector<ProjectFiles> files;   // in manifest order
  ServiceState service;
  // Topology B on real users, Linux: systemd's linger file for the user
  // (InstanceLayout::linger_file); exists when the user lingers. Unset
  // elsewhere.
  std::optional<PathState> linger;
  GatewayState gateway;
  std::vector<DiscoveryError> errors;

  bool complete() const { return errors.empty(); }
};

struct LiveState {
  std::string root;  // the --root the state was read under; "" for the real host
  std::vector<InstanceState> instances;  // in manifest order
  std::vector<InstanceState> removed;    // what remove_projects names, as found
};

}  // namespace clawform
