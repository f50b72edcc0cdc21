#pragma once
// The document `openclaw config patch --file` reads, from the dotted values
// a config step sets.

#include <nlohmann/json.hpp>

namespace clawform {

// {"gateway.port": 1, "gateway.bind": "x"} -> {"gateway": {"bind": "x", "port": 1}}.
nlohmann::json nested_config_patch(const nlohmann::json& dotted);

// A value clawform writes as an OpenClaw SecretRef ({"source", "provider",
// "id"}): openclaw resolves it in a dry run, so a preflight leaves it out.
bool is_secret_ref(const nlohmann::json& value);

}  // namespace clawform
