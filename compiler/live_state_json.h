#pragma once
// LiveState <-> JSON. Keys are sorted (nlohmann::json's std::map), so the
// same state always serializes to the same bytes. Reading tolerates missing
// fields (they take their defaults) and rejects wrong types.
// docs/discovery.md documents the format.

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/live_state.h"

namespace clawform {

// 2: config as {exists, values: {path: value}} (1 had a field per key).
inline constexpr int kLiveStateFormatVersion = 2;

nlohmann::json live_state_to_json(const LiveState& state);

// Throws nlohmann::json::exception on a malformed document; callers at the
// edge (fixture loading, plan files) turn it into an error message.
LiveState live_state_from_json(const nlohmann::json& json);

}  // namespace clawform
