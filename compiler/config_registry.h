#pragma once
// The openclaw.json paths clawform manages, in one table. Discovery reads
// them (read_config_values), compile_desired writes them
// (desired_config_values), diff compares them by path, the live state's
// fingerprint, JSON and text are spelled from them. Adding a managed key is
// one row in config_registry.cc and its test.
//
// A path is dotted ("gateway.auth.mode") and may hold one `*` segment that
// stands for every key of the object there ("models.providers.*.apiKey").
// Values are keyed by the concrete path ("models.providers.anthropic.apiKey").
//
// Never holds a secret value: a SecretRef written as a plain string is
// recorded as {"source": "inline"}; the string is not read.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/instance_layout.h"
#include "compiler/live_state.h"
#include "schema/model.h"

namespace clawform {

// How a value is written in openclaw.json, and how clawform records it.
enum class ConfigShape {
  Integer,    // a JSON integer
  String,     // a JSON string
  Boolean,    // a JSON boolean
  SecretRef,  // {source, provider, id}, recorded with all three (strings, "" when missing);
              // a plain string is recorded as {"source": "inline"}
  Model,      // "provider/model" or {primary: "provider/model", ...}, recorded as the primary string
};

// One instance of a manifest, which desired values are computed from.
struct DesiredContext {
  const Manifest& manifest;
  const InstanceLayout& layout;
  std::vector<const Project*> projects;  // layout.projects' projects, in the same order
};

// How an instance's gateway authenticates: in B and C its project decides
// (issue 18: its own gateway_token, or a written opt-out); in A the fleet's
// gateway.auth. `fleet_secret`: the fleet-wide token or password applies.
struct InstanceGatewayAuth {
  AuthMode mode = AuthMode::None;
  bool own_token = false;
  bool fleet_secret = false;
};
InstanceGatewayAuth instance_gateway_auth(const DesiredContext& context);

// Desired values of one entry, keyed by what its `*` stands for ("" when
// its path has no `*`).
using DesiredValues = std::map<std::string, nlohmann::json>;

struct ConfigEntry {
  std::string_view path;
  ConfigShape shape;
  // How the fingerprint names the value; a `*` is replaced as in the path.
  // Consecutive entries with one label are alternatives (gateway.auth.token,
  // .password): the fingerprint writes one line, the last one set.
  std::string_view label;
  // What the manifest wants there; nullptr: observed, never written.
  DesiredValues (*desired)(const DesiredContext&);
};

// Every managed path, in fingerprint order: paths without `*` first.
const std::vector<ConfigEntry>& config_registry();

// The value of `*` when `path` is an instance of `pattern` ("" when the
// pattern has none); nullopt when it is not.
std::optional<std::string> match_config_path(std::string_view pattern, std::string_view path);

// The values in `values` at instances of `pattern`, keyed by what `*` stands
// for (sorted by that key).
std::map<std::string, const nlohmann::json*> values_matching(std::string_view pattern, const ConfigValues& values);

// The managed values in a parsed openclaw.json. REQUIRES: document is an object.
ConfigValues read_config_values(const nlohmann::json& document);

// The managed values one instance must have.
ConfigValues desired_config_values(const DesiredContext& context);

// A recorded value as text: strings bare, SecretRefs as "source:provider:id",
// anything else as JSON ("18789", "true").
std::string config_value_text(const nlohmann::json& value);

}  // namespace clawform
