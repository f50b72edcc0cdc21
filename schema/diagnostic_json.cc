#include "schema/diagnostic_json.h"

namespace clawform {

nlohmann::ordered_json diagnostics_to_json(const Diagnostics& diagnostics) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const Diagnostic& d : diagnostics.items())
    items.push_back({{"severity", severity_name(d.severity)},
                     {"id", d.id},
                     {"message", d.message},
                     {"file", d.file},
                     {"line", d.location.line},
                     {"column", d.location.column}});
  nlohmann::ordered_json out = {{"valid", !diagnostics.has_errors()},
                                {"error_count", diagnostics.error_count()},
                                {"warning_count", diagnostics.warning_count()},
                                {"diagnostics", std::move(items)}};
  if (diagnostics.dropped() > 0) out["not_shown"] = diagnostics.dropped();
  return out;
}

}  // namespace clawform
