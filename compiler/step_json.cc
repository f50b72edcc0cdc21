#include "compiler/step_json.h"

#include "compiler/json_integer.h"

namespace clawform {

namespace {

using nlohmann::json;

template <typename T>
std::optional<T> optional_at(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if constexpr (std::integral<T> && !std::same_as<T, bool>) return json_integer<T>(*it);
  return it->get<T>();
}

struct ToJson {
  json operator()(const DirTarget& t) const {
    json j = {{"path", t.path}};
    if (t.mode) j["mode"] = *t.mode;
    return j;
  }
  json operator()(const KeyFileTarget& t) const {
    json names = json::array(), digests = json::object();
    for (const KeyEntry& k : t.keys) {
      names.push_back(k.name);
      digests[k.name] = k.digest;
    }
    return {{"path", t.path}, {"mode", t.mode}, {"keys", std::move(names)}, {"digests", std::move(digests)}};
  }
  json operator()(const OpenClawTarget& t) const {
    json j = {{"version", t.version}, {"binary", t.binary}};
    if (t.node_major) j["node_major"] = *t.node_major;
    if (t.integrity) j["integrity"] = *t.integrity;
    return j;
  }
  json operator()(const ConfigTarget& t) const {
    json set = json::object();
    for (const auto& [path, value] : t.set) set[path] = value;
    return {{"config_path", t.config_path}, {"set", std::move(set)}};
  }
  json operator()(const PluginTarget& t) const {
    json j = {{"package", t.package}, {"version", t.version}};
    if (t.id) j["id"] = *t.id;
    if (t.enabled) j["enabled"] = *t.enabled;
    if (t.integrity) j["integrity"] = *t.integrity;
    return j;
  }
  json operator()(const ServiceTarget& t) const {
    json j = {{"manager", t.manager}, {"name", t.name}, {"path", t.path}};
    if (t.content) j["content"] = *t.content;
    return j;
  }
  json operator()(const GatewayTarget& t) const { return {{"port", t.port}, {"service", t.service}}; }
  json operator()(const HealthTarget& t) const { return {{"port", t.port}}; }
  json operator()(const LingerTarget& t) const { return {{"path", t.path}, {"user", t.user}}; }
  json operator()(const DoctorTarget& t) const { return {{"severity_min", t.severity_min}}; }
  json operator()(const RestoreTarget& t) const {
    return {{"archive", t.archive}, {"sha256", t.sha256}, {"archived_state_dir", t.archived_state_dir},
            {"keep", t.keep}};
  }
};

}  // namespace

json target_to_json(const StepTarget& target) { return std::visit(ToJson{}, target); }

StepTarget target_from_json(StepKind kind, const json& j) {
  switch (kind) {
    case StepKind::StateDir:
    case StepKind::SecretsDir:
    case StepKind::Workspace:
      return DirTarget{j.at("path").get<std::string>(), optional_at<unsigned>(j, "mode")};
    case StepKind::KeyFile: {
      KeyFileTarget t{j.at("path").get<std::string>(), json_integer<unsigned>(j.at("mode")), {}};
      const json& digests = j.at("digests");
      for (const json& name : j.at("keys"))
        t.keys.push_back({name.get<std::string>(), digests.at(name.get<std::string>()).get<std::string>(), {}});
      return t;
    }
    case StepKind::OpenClaw:
      return OpenClawTarget{j.at("version").get<std::string>(), j.at("binary").get<std::string>(),
                            optional_at<int>(j, "node_major"), optional_at<std::string>(j, "integrity")};
    case StepKind::Config: {
      ConfigTarget t{j.at("config_path").get<std::string>(), {}};
      for (const auto& [path, value] : j.at("set").items()) t.set[path] = value;
      return t;
    }
    case StepKind::Plugin:
      return PluginTarget{j.at("package").get<std::string>(), j.at("version").get<std::string>(),
                          optional_at<std::string>(j, "id"), optional_at<bool>(j, "enabled"),
                          optional_at<std::string>(j, "integrity")};
    case StepKind::Service:
      return ServiceTarget{j.at("manager").get<std::string>(), j.at("name").get<std::string>(),
                           j.at("path").get<std::string>(), optional_at<std::string>(j, "content")};
    case StepKind::Gateway:
      return GatewayTarget{json_integer<int>(j.at("port")), j.at("service").get<std::string>()};
    case StepKind::Health:
      return HealthTarget{json_integer<int>(j.at("port"))};
    case StepKind::Linger:
      return LingerTarget{j.at("user").get<std::string>(), j.at("path").get<std::string>()};
    case StepKind::Doctor:
      return DoctorTarget{j.at("severity_min").get<std::string>()};
    case StepKind::Restore:
      return RestoreTarget{j.at("archive").get<std::string>(), j.at("sha256").get<std::string>(),
                           j.at("archived_state_dir").get<std::string>(),
                           j.at("keep").get<std::vector<std::string>>()};
  }
  throw json::other_error::create(502, "unknown step kind", &j);
}

}  // namespace clawform
