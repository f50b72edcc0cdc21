#include "compiler/live_state_json.h"

#include <optional>

NLOHMANN_JSON_NAMESPACE_BEGIN
// std::optional as null-or-value.
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    if (value) j = *value;
    else j = nullptr;
  }
  static void from_json(const json& j, std::optional<T>& value) {
    if (j.is_null()) value.reset();
    else value = j.get<T>();
  }
};
NLOHMANN_JSON_NAMESPACE_END

namespace clawform {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PathState, path, exists, type, mode, uid, size)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PluginState, id, name, version, origin, enabled, status,
                                                install_source, install_spec)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ConfigState, exists, values)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SecretsState, dir, key_file, key_digests)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ServiceState, manager, name, file, content_digest)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(HttpCheck, reachable, http_status, latency_ms, error)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(GatewayState, port, health, startup, ready, ok, status, startup_ok,
                                                startup_status, startup_pending, is_ready, failing, port_held_by_other)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DiscoveryError, step, command, message)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProjectFiles, project, workspace, secrets)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(InstanceState, instance, projects, state_dir, config_path,
                                                openclaw_binary, openclaw_version, node_version, state_dir_path, config, plugins,
                                                files, service, linger, gateway, errors)

nlohmann::json live_state_to_json(const LiveState& state) {
  nlohmann::json json = {{"format_version", kLiveStateFormatVersion},
                         {"root", state.root},
                         {"instances", state.instances},
                         {"removed", state.removed}};
  // "linger" only where it applies (topology B on real users, Linux).
  for (const char* list : {"instances", "removed"})
    for (nlohmann::json& instance : json[list])
      if (instance.contains("linger") && instance["linger"].is_null()) instance.erase("linger");
  // "openclaw_binary" only where a service file names one.
  for (const char* list : {"instances", "removed"})
    for (nlohmann::json& instance : json[list])
      if (instance.contains("openclaw_binary") && instance["openclaw_binary"] == "") instance.erase("openclaw_binary");
  return json;
}

LiveState live_state_from_json(const nlohmann::json& json) {
  int version = json.at("format_version").get<int>();
  if (version != kLiveStateFormatVersion)
    throw nlohmann::json::other_error::create(
        501, "live state format_version " + std::to_string(version) + " is not supported", &json);
  LiveState state;
  state.root = json.value("root", "");
  state.instances = json.at("instances").get<std::vector<InstanceState>>();
  if (json.contains("removed")) state.removed = json.at("removed").get<std::vector<InstanceState>>();
  return state;
}

}  // namespace clawform
