#include "backends/npm_install_record.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clawform {

Result<std::string> install_record_path(const std::string& root_dir, const std::string& package) {
  const std::string suffix = "/node_modules/" + package;
  std::string_view dir(root_dir);
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  if (dir.size() <= suffix.size() || dir.substr(dir.size() - suffix.size()) != suffix)
    return Status::error(fmt::format("openclaw says {} is installed in {}, not in an npm project's node_modules/",
                                     package, root_dir));
  return std::string(dir.substr(0, dir.size() - suffix.size())) + "/package-lock.json";
}

Result<InstallRecord> parse_install_record(std::string_view text, const std::string& path,
                                           const std::string& package) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Status::error(fmt::format("{}: not a JSON object (npm's install record)", path));
  auto packages = doc.find("packages");
  const std::string key = "node_modules/" + package;
  if (packages == doc.end() || !packages->is_object() || !packages->contains(key) || !(*packages)[key].is_object())
    return Status::error(fmt::format("{}: no entry for {} (packages[\"{}\"])", path, package, key));
  const nlohmann::json& entry = (*packages)[key];
  auto text_at = [&](const char* name) {
    auto it = entry.find(name);
    return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  InstallRecord record{path, text_at("version"), text_at("integrity")};
  if (record.version.empty() || record.integrity.empty())
    return Status::error(fmt::format("{}: the entry for {} has no version or no integrity", path, package));
  return record;
}

}  // namespace clawform
