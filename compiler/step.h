#pragma once
// A plan step: its kind, and a typed target that carries everything apply
// needs to carry it out. The kinds are a closed set: a target type without
// a handler (backends/steps/step_handlers.h) fails to compile.
//
//   kind                          target           what apply does (backends/steps/)
//   state_dir, secrets_dir,       DirTarget        make the directory with its mode; a deleted
//   workspace                                      state dir is moved aside into the journal
//   key_file                      KeyFileTarget    write NAME=VALUE lines, 0600
//   openclaw                      OpenClawTarget   install the OpenClaw release the instance moves to
//                                                  (when clawform installs it) and check it; the state
//                                                  it may migrate is saved first (docs/upgrades.md)
//   config                        ConfigTarget     openclaw config patch, then config validate
//   plugin                        PluginTarget     openclaw plugins install --pin / enable / uninstall
//   service                       ServiceTarget    write (or delete) the launchd plist / systemd unit
//   gateway                       GatewayTarget    restart (or stop) the instance's gateway
//   health                        HealthTarget     wait for /health live and /startupz started; /ready
//                                                  may fail only what it failed before (health_gate.h)
//   linger                        LingerTarget     loginctl enable-linger USER (topology B on real users, Linux)
//   doctor                        DoctorTarget     openclaw doctor --lint --json: no finding at or
//                                                  above severity_min (read-only)
//   restore                       RestoreTarget    put a backup's state in place of the instance's
//                                                  (`clawform restore INDEX --project P`, docs/operations.md);
//                                                  the whole state dir is saved first
//
// The plan file stores a target as a JSON object (compiler/step_json.h);
// what an instance is (home, state dir, profile, OS user) is not repeated in
// every step: Step::instance points at the layout the plan's manifest gives
// (bind_instances() in compiler/plan_binding.h), set when a saved plan is
// loaded for apply.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/instance_layout.h"
#include "schema/model.h"

namespace clawform {

enum class StepKind {
  StateDir, SecretsDir, Workspace, KeyFile, OpenClaw, Config, Plugin, Service, Gateway, Health, Linger, Doctor,
  Restore
};

std::string_view step_kind_name(StepKind kind);
// nullopt for a name that is not a step kind.
std::optional<StepKind> step_kind_from_name(std::string_view name);

enum class Action { Create, Update, Delete, Replace, Restart, Check };

std::string_view action_name(Action action);
std::optional<Action> action_from_name(std::string_view name);

// A directory that must exist with `mode` (0: any mode). A delete (a state
// dir of remove_projects) has no mode.
struct DirTarget {
  std::string path;
  std::optional<unsigned> mode;
};

// One key of a key file: its name, the digest its value must have (the one
// the reviewed plan saw), and where the value is read from at apply time.
struct KeyEntry {
  std::string name;
  std::string digest;
  std::optional<KeyRef> ref;  // set by bind_instances(); never in the plan file
};

struct KeyFileTarget {
  std::string path;
  unsigned mode = 0600;
  std::vector<KeyEntry> keys;  // sorted by name
};

// The OpenClaw an instance moves to (compiler/instance_openclaw.h). Its
// service runs `binary` once the service step rewrites it; the config and
// plugin steps after this one already call it.
struct OpenClawTarget {
  std::string version;  // exact: "2026.9.6"
  std::string binary;   // the launcher
  // Set when `binary` is a release clawform installs (this step installs it
  // when absent); unset: the openclaw clawform was given.
  std::optional<int> node_major{};
  // clawform.lock's integrity for openclaw@version, with node_major.
  std::optional<std::string> integrity{};
};

struct ConfigTarget {
  std::string config_path;
  std::map<std::string, nlohmann::json> set;  // dotted openclaw.json path -> value (SecretRefs, never values)
};

struct PluginTarget {
  std::string package;                // npm package name
  std::string version;                // the version to install (delete: the installed one)
  std::optional<std::string> id;      // OpenClaw's plugin id, when it is installed
  std::optional<bool> enabled;        // install / update: true
  // install / update: the tarball's integrity clawform.lock holds for
  // package@version ("sha512-..."); absent without a lock. The plugin step
  // checks the registry against it before the install, and openclaw's
  // install record after it.
  std::optional<std::string> integrity{};
};

struct ServiceTarget {
  std::string manager;  // "launchd" | "systemd"
  std::string name;     // label or unit name
  std::string path;
  std::optional<std::string> content;  // absent for a delete
};

struct GatewayTarget {
  int port = 0;
  std::string service;
};

struct HealthTarget {
  int port = 0;
};

// A topology B user whose systemd user manager must run without a login
// session, so that its gateway's user unit outlives the operator's logout.
struct LingerTarget {
  std::string user;
  std::string path;  // systemd's record of it: /var/lib/systemd/linger/<user>
};

// OpenClaw's own read-only checks of an instance once its gateway is
// healthy: `openclaw doctor --lint --json --severity-min <severity_min>`
// ("info" | "warning" | "error"); a finding at that level fails the step.
struct DoctorTarget {
  std::string severity_min = "error";
};


// A clawform backup's state archive (OpenClaw's own `backup create`
// archive, key files left out) put in place of the instance's state dir.
// The gateway is stopped first; the entries named in `keep` (key files,
// credentials, the plugin packages OpenClaw does not archive) stay as they
// are on the host; everything else is the archive's.
struct RestoreTarget {
  std::string archive;             // host path of state.tar.gz
  std::string sha256;              // what the backup's index says it is: checked before anything
  std::string archived_state_dir;  // the state dir's path inside the archive (the backed-up host's)
  std::vector<std::string> keep;   // top-level names under the state dir left as they are
};

using StepTarget = std::variant<DirTarget, KeyFileTarget, OpenClawTarget, ConfigTarget, PluginTarget, ServiceTarget,
                                GatewayTarget, HealthTarget, LingerTarget, DoctorTarget, RestoreTarget>;

struct Step {
  int index = 0;             // 1-based position in the plan
  std::string address;       // project.acme.config, project.acme.plugin["@openclaw/nostr"]
  std::string project;       // the project it serves ("default" for topology A's shared instance)
  Action action = Action::Check;
  StepKind kind = StepKind::Health;
  nlohmann::json before;     // null when absent; secrets never appear (see `sensitive`)
  nlohmann::json after;
  bool sensitive = false;    // before/after describe a secret: key names only, values as "(sensitive)"
  bool digest_changed = false;  // sensitive steps: a value's digest differs
  std::vector<int> depends_on;  // indices of steps that must be done first
  std::string undo;          // how apply will undo it (the handler's words: describe_undo())
  bool destructive = false;  // deletes or replaces something
  std::string reason;
  StepTarget target = HealthTarget{};
  // The instance the step acts on; set by bind_instances() for apply.
  std::shared_ptr<const InstanceLayout> instance;

  template <typename T>
  const T& as() const { return std::get<T>(target); }
};

}  // namespace clawform
