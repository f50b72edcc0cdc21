#include "backends/config_patch.h"

#include <string>

namespace clawform {

nlohmann::json nested_config_patch(const nlohmann::json& dotted) {
  nlohmann::json patch = nlohmann::json::object();
  for (const auto& [path, value] : dotted.items()) {
    nlohmann::json* node = &patch;
    std::size_t start = 0;
    for (std::size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1)
      node = &(*node)[path.substr(start, dot - start)];
    (*node)[path.substr(start)] = value;
  }
  return patch;
}

bool is_secret_ref(const nlohmann::json& value) { return value.is_object() && value.contains("source"); }

}  // namespace clawform
