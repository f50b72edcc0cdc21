#include "backends/discovery/cache.h"

#include <nlohmann/json.hpp>

#include "backends/file_io.h"
#include "compiler/log.h"

namespace clawform {

namespace {

// The file's format; another one is read as an empty cache.
constexpr int kCacheFormat = 1;

nlohmann::json plugin_json(const PluginState& p) {
  return {{"id", p.id},         {"name", p.name},
          {"version", p.version}, {"origin", p.origin},
          {"enabled", p.enabled}, {"status", p.status},
          {"install_source", p.install_source}, {"install_spec", p.install_spec},
          {"root_dir", p.root_dir}};
}

PluginState plugin_from_json(const nlohmann::json& j) {
  return {.id = j.at("id").get<std::string>(),
          .name = j.at("name").get<std::string>(),
          .version = j.at("version").get<std::string>(),
          .origin = j.at("origin").get<std::string>(),
          .enabled = j.at("enabled").get<bool>(),
          .status = j.at("status").get<std::string>(),
          .install_source = j.at("install_source").get<std::string>(),
          .install_spec = j.at("install_spec").get<std::string>(),
          .root_dir = j.at("root_dir").get<std::string>()};
}

}  // namespace

DiscoveryCache::DiscoveryCache(std::string path, Mode mode) : path_(std::move(path)), mode_(mode) {
  if (mode_ != Mode::Off) read(versions_, plugins_);
}

void DiscoveryCache::read(std::map<std::string, Versions>& versions, std::map<std::string, Plugins>& plugins) const {
  Result<std::string> text = read_file(path_);
  if (!text) return;  // absent (the first discovery) or unreadable: start empty
  try {
    const nlohmann::json json = nlohmann::json::parse(*text);
    if (json.at("format").get<int>() != kCacheFormat) return;
    for (const auto& [binary, entry] : json.at("versions").items()) {
      CachedVersion answer{.version = entry.at("version").get<std::string>(), .node_version = std::nullopt};
      if (entry.contains("node_version") && entry.at("node_version").is_string())
        answer.node_version = entry.at("node_version").get<std::string>();
      versions[binary] = {entry.at("fingerprint").get<std::string>(), std::move(answer)};
    }
    for (const auto& [state_dir, entry] : json.at("plugins").items()) {
      Plugins kept{entry.at("fingerprint").get<std::string>(), {}};
      for (const nlohmann::json& p : entry.at("list")) kept.answer.push_back(plugin_from_json(p));
      plugins[state_dir] = std::move(kept);
    }
  } catch (const nlohmann::json::exception& e) {
    log_line(LogLevel::Debug, "", "the discovery cache " + path_ + " is not usable (" + e.what() + "); starting empty");
    versions.clear();
    plugins.clear();
  }
}

std::optional<CachedVersion> DiscoveryCache::version(const std::string& binary, const std::string& fingerprint) const {
  if (mode_ != Mode::Use) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = versions_.find(binary);
  if (it == versions_.end() || it->second.fingerprint != fingerprint) return std::nullopt;
  return it->second.answer;
}

void DiscoveryCache::store_version(const std::string& binary, const std::string& fingerprint, CachedVersion answer) {
  if (mode_ == Mode::Off) return;
  std::lock_guard<std::mutex> lock(mutex_);
  versions_[binary] = {fingerprint, std::move(answer)};
  stored_versions_.insert(binary);
}

std::optional<std::vector<PluginState>> DiscoveryCache::plugins(const std::string& state_dir,
                                                                const std::string& fingerprint) const {
  if (mode_ != Mode::Use) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = plugins_.find(state_dir);
  if (it == plugins_.end() || it->second.fingerprint != fingerprint) return std::nullopt;
  return it->second.answer;
}

void DiscoveryCache::store_plugins(const std::string& state_dir, const std::string& fingerprint,
                                   std::vector<PluginState> answer) {
  if (mode_ == Mode::Off) return;
  std::lock_guard<std::mutex> lock(mutex_);
  plugins_[state_dir] = {fingerprint, std::move(answer)};
  stored_plugins_.insert(state_dir);
}

Status DiscoveryCache::save() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (mode_ == Mode::Off || (stored_versions_.empty() && stored_plugins_.empty())) return Status::ok();
  // What another clawform kept meanwhile stays, but for what this one stored.
  std::map<std::string, Versions> versions;
  std::map<std::string, Plugins> plugins;
  read(versions, plugins);
  for (const std::string& binary : stored_versions_) versions[binary] = versions_.at(binary);
  for (const std::string& state_dir : stored_plugins_) plugins[state_dir] = plugins_.at(state_dir);
  nlohmann::json json = {{"format", kCacheFormat},
                         {"versions", nlohmann::json::object()},
                         {"plugins", nlohmann::json::object()}};
  for (const auto& [binary, entry] : versions)
    json["versions"][binary] = {{"fingerprint", entry.fingerprint},
                                {"version", entry.answer.version},
                                {"node_version", entry.answer.node_version ? nlohmann::json(*entry.answer.node_version)
                                                                           : nlohmann::json(nullptr)}};
  for (const auto& [state_dir, entry] : plugins) {
    nlohmann::json list = nlohmann::json::array();
    for (const PluginState& p : entry.answer) list.push_back(plugin_json(p));
    json["plugins"][state_dir] = {{"fingerprint", entry.fingerprint}, {"list", std::move(list)}};
  }
  Status written = write_file_atomic(path_, json.dump() + "\n", 0600);
  if (written) {
    stored_versions_.clear();
    stored_plugins_.clear();
  }
  return written;
}

}  // namespace clawform
