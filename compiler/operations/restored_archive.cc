#include "compiler/operations/restored_archive.h"

#include <fmt/format.h>

namespace clawform {

namespace {

using nlohmann::json;

Result<json> parse_object(std::string_view text, const char* what) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Status::error(fmt::format("{}: not a JSON object", what));
  return doc;
}

std::string string_at(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The patch for `value`, or null when nothing in it moves.
json patch_of(const json& value, const std::vector<PathMove>& moves) {
  if (value.is_string()) {
    std::optional<std::string> moved = relocated(value.get<std::string>(), moves);
    return moved ? json(*moved) : json();
  }
  if (value.is_object()) {
    json patch = json::object();
    for (const auto& [key, member] : value.items())
      if (json p = patch_of(member, moves); !p.is_null()) patch[key] = std::move(p);
    return patch.empty() ? json() : patch;
  }
  if (value.is_array()) {
    // An array is replaced whole: the patch holds it entire, with its
    // moved elements rewritten (objects inside merged into their copy).
    bool changed = false;
    json copy = value;
    for (json& element : copy)
      if (json p = patch_of(element, moves); !p.is_null()) {
        changed = true;
        if (element.is_object()) element.merge_patch(p);
        else element = std::move(p);
      }
    return changed ? copy : json();
  }
  return json();
}

}  // namespace

Result<std::string> restore_output_root(std::string_view json_text) {
  Result<json> doc = parse_object(json_text, "openclaw backup restore --json");
  if (!doc) return doc.status();
  std::string root = string_at(*doc, "archiveRoot");
  if (root.empty()) return Status::error("openclaw backup restore --json: no \"archiveRoot\"");
  return root;
}

Result<RestoredArchive> parse_archive_manifest(std::string_view json_text) {
  Result<json> doc = parse_object(json_text, "manifest.json");
  if (!doc) return doc.status();
  RestoredArchive archive;
  archive.archive_root = string_at(*doc, "archiveRoot");
  archive.runtime_version = string_at(*doc, "runtimeVersion");
  if (auto paths = doc->find("paths"); paths != doc->end() && paths->is_object()) {
    archive.state_dir = string_at(*paths, "stateDir");
    archive.config_path = string_at(*paths, "configPath");
  }
  auto assets = doc->find("assets");
  if (assets == doc->end() || !assets->is_array()) return Status::error("manifest.json: no \"assets\" list");
  for (const json& asset : *assets) {
    if (!asset.is_object()) return Status::error("manifest.json: an asset is not an object");
    ArchiveAsset entry{string_at(asset, "kind"), string_at(asset, "sourcePath"), string_at(asset, "archivePath")};
    if (entry.source_path.empty() || entry.archive_path.empty())
      return Status::error(fmt::format("manifest.json: asset \"{}\" without sourcePath or archivePath", entry.kind));
    archive.assets.push_back(std::move(entry));
  }
  return archive;
}

std::optional<std::string> relocated(const std::string& path, const std::vector<PathMove>& moves) {
  const PathMove* best = nullptr;
  for (const PathMove& move : moves) {
    const bool under = path == move.from ||
                       (path.size() > move.from.size() && path.compare(0, move.from.size(), move.from) == 0 &&
                        (move.from.back() == '/' || path[move.from.size()] == '/'));
    if (under && (!best || move.from.size() > best->from.size())) best = &move;
  }
  if (!best || best->from.empty()) return std::nullopt;
  return best->to + path.substr(best->from.size());
}

json relocation_patch(const json& config, const std::vector<PathMove>& moves) {
  json patch = patch_of(config, moves);
  return patch.is_object() ? patch : json::object();
}

}  // namespace clawform
