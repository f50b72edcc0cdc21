#pragma once
// The JSON form of a validation result:
//   {valid, error_count, warning_count, diagnostics:[{severity, id, message, file, line, column}]}
// `line` and `column` are 0 for a diagnostic about a file as a whole.

#include <nlohmann/json.hpp>

#include "schema/diagnostic.h"

namespace clawform {

nlohmann::ordered_json diagnostics_to_json(const Diagnostics& diagnostics);

}  // namespace clawform
