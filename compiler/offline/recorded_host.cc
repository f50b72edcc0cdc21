#include "compiler/offline/recorded_host.h"

#include "compiler/live_state_json.h"

namespace clawform {

namespace {

using nlohmann::json;

json account_json(const OsAccount& a) { return {{"uid", a.uid}, {"gid", a.gid}, {"home", a.home}}; }

std::optional<std::string> optional_text(const json& object, const char* key) {
  if (!object.contains(key) || object.at(key).is_null()) return std::nullopt;
  return object.at(key).get<std::string>();
}

}  // namespace

json recorded_host_to_json(const RecordedHost& host) {
  json accounts = json::object();
  for (const auto& [name, account] : host.paths.accounts) accounts[name] = account_json(account);
  json openclaw = {{"binary", host.openclaw.binary}, {"version", nullptr}, {"node_version", nullptr}};
  if (host.openclaw.version) openclaw["version"] = *host.openclaw.version;
  if (host.openclaw.node_version) openclaw["node_version"] = *host.openclaw.node_version;
  return {{"home_base", host.paths.home_base},
          {"operator_home", host.paths.operator_home},
          {"clawform_dir", host.paths.clawform_dir},
          {"real_users", host.paths.real_users},
          {"accounts", std::move(accounts)},
          {"openclaw", std::move(openclaw)}};
}

RecordedLiveState recorded_live_state_from_json(const json& document) {
  RecordedLiveState recorded;
  recorded.live = live_state_from_json(document);
  const json& host = document.at("host");
  HostPaths& paths = recorded.host.paths;
  paths.root = recorded.live.root;
  paths.home_base = host.at("home_base").get<std::string>();
  paths.operator_home = host.at("operator_home").get<std::string>();
  paths.clawform_dir = host.at("clawform_dir").get<std::string>();
  paths.real_users = host.at("real_users").get<bool>();
  for (const auto& [name, account] : host.at("accounts").items())
    paths.accounts[name] = {name, account.at("uid").get<unsigned>(), account.at("gid").get<unsigned>(),
                            account.at("home").get<std::string>()};
  const json& openclaw = host.at("openclaw");
  recorded.host.openclaw = {openclaw.at("binary").get<std::string>(), optional_text(openclaw, "version"),
                            optional_text(openclaw, "node_version")};
  return recorded;
}

}  // namespace clawform
