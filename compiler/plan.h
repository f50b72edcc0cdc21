#pragma once
// A plan: the ordered steps that take the host from its live state to the
// desired state. A value: compared, rendered and saved, never executed here
// (compiler/applier does that). Same inputs, same plan: no timestamps, no
// map-order noise.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/desired.h"

namespace clawform {

enum class Action { Create, Update, Delete, Replace, Restart, Check };

std::string_view action_name(Action action);

struct Step {
  int index = 0;             // 1-based position in the plan
  std::string address;       // project.acme.config.gateway.port, project.acme.plugin["@openclaw/nostr"]
  std::string project;       // the project it serves ("default" for topology A's shared instance)
  Action action = Action::Check;
  std::string kind;          // state_dir, secrets_dir, workspace, key_file, config, plugin, service, gateway
  nlohmann::json before;     // null when absent; secrets never appear (see `sensitive`)
  nlohmann::json after;
  bool sensitive = false;    // before/after describe a secret: key names only, values as "(sensitive)"
  bool digest_changed = false;  // sensitive steps: a value's digest differs
  std::vector<int> depends_on;  // indices of steps that must be done first
  std::string undo;          // how apply will undo it
  bool destructive = false;  // deletes or replaces something
  std::string reason;
  nlohmann::json target;     // what the applier needs: paths, config key, package, port
};

struct Plan {
  std::string fleet;
  std::string topology;
  std::vector<Step> steps;
  std::vector<std::string> unmanaged;  // found on the host, not named by the manifest: left alone
  // Guard rails the manifest waives on purpose, one plain sentence each
  // (e.g. a project's unauthenticated_gateway opt-out); shown in every render.
  std::vector<std::string> waivers;
  std::vector<PlanError> errors;

  struct Counts {
    int create = 0, update = 0, destroy = 0, replace = 0, restart = 0, check = 0;
  };
  Counts counts() const;
  // Anything other than checks.
  bool has_changes() const;
  bool has_destructive() const;
};

}  // namespace clawform
