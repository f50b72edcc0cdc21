#pragma once
// A step's typed target as the plan file stores it (docs/plan-format.md,
// "target"): one JSON object per kind, keys sorted, nothing about the
// instance (bind_instances() supplies that) and never a secret value.

#include <nlohmann/json.hpp>

#include "compiler/step.h"

namespace clawform {

nlohmann::json target_to_json(const StepTarget& target);

// The target of a step of `kind` read from `json`. Throws
// nlohmann::json::exception when a field is missing or of the wrong type
// (plan_file_from_json reports it as a malformed plan).
StepTarget target_from_json(StepKind kind, const nlohmann::json& json);

}  // namespace clawform
