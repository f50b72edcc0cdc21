#include "schema/lock_file.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "schema/source_file.h"

namespace clawform {

namespace {

constexpr std::string_view kHeader =
    "# clawform.lock: the exact bytes of every package the manifest pins (OpenClaw and its plugins).\n"
    "# Written by `clawform lock MANIFEST`; review a change to it like code, never edit it by hand.\n";

bool before(const LockedPackage& a, std::string_view name, std::string_view version) {
  // Both sides as string_view: libc++ and clang's libstdc++ mode have no
  // tuple comparison across std::string and std::string_view.
  return std::pair<std::string_view, std::string_view>(a.name, a.version) < std::pair(name, version);
}

SourceLocation location_of(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

// What clawform writes unquoted-safe: printable ASCII without `"` or `\`
// (npm names, versions, base64 integrities and registry URLs all are).
bool plain(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
}

// The string field `key` of a [[package]] table, checked.
std::optional<std::string> field(const toml::table& table, std::string_view key, const std::string& path,
                                 SourceLocation at, Diagnostics& diagnostics) {
  const toml::node* node = table.get(key);
  if (!node) {
    diagnostics.error("lock-entry", path, at, fmt::format("this [[package]] has no `{}`", key));
    return std::nullopt;
  }
  const auto* text = node->as_string();
  if (!text || text->get().empty() || !plain(text->get())) {
    diagnostics.error("lock-entry", path, location_of(node->source()),
                      fmt::format("`{}` must be a non-empty string of printable ASCII", key));
    return std::nullopt;
  }
  return text->get();
}

bool valid_integrity(std::string_view integrity) {
  constexpr std::string_view kPrefix = "sha512-";
  if (integrity.substr(0, kPrefix.size()) != kPrefix) return false;
  std::string_view base64 = integrity.substr(kPrefix.size());
  // 64 bytes of SHA-512 in base64: 86 characters and "==".
  if (base64.size() != 88 || base64.substr(86) != "==") return false;
  return std::all_of(base64.begin(), base64.begin() + 86,
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/'; });
}

}  // namespace

const LockedPackage* LockFile::find(std::string_view name, std::string_view version) const {
  auto it = std::lower_bound(packages.begin(), packages.end(), std::pair{name, version},
                             [](const LockedPackage& p, const auto& key) { return before(p, key.first, key.second); });
  return it != packages.end() && it->name == name && it->version == version ? &*it : nullptr;
}

void LockFile::put(LockedPackage package) {
  auto it = std::lower_bound(packages.begin(), packages.end(), package, [](const LockedPackage& p, const LockedPackage& q) {
    return before(p, q.name, q.version);
  });
  if (it != packages.end() && it->name == package.name && it->version == package.version)
    *it = std::move(package);
  else
    packages.insert(it, std::move(package));
}

std::vector<PinnedPackage> pinned_packages(const Manifest& manifest) {
  std::map<std::pair<std::string, std::string>, SourceLocation> pins;
  if (!manifest.openclaw.version.empty())
    pins.emplace(std::pair{std::string("openclaw"), manifest.openclaw.version}, manifest.openclaw.version_location);
  for (const Project& project : manifest.projects) {
    if (project.openclaw_version && !project.openclaw_version->empty())
      pins.emplace(std::pair{std::string("openclaw"), *project.openclaw_version}, project.openclaw_version_location);
    for (const PluginPin& pin : project.plugins) pins.emplace(std::pair{pin.package, pin.version}, pin.version_location);
  }
  std::vector<PinnedPackage> out;
  for (const auto& [key, location] : pins) out.push_back({key.first, key.second, location});
  return out;
}

std::optional<LockFile> parse_lock_file(std::string_view text, const std::string& path, Diagnostics& diagnostics) {
  const std::size_t errors_before = diagnostics.error_count();
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    diagnostics.error("lock-syntax", path, location_of(e.source()), std::string(e.description()));
    return std::nullopt;
  }
  const toml::node* version = root.get("lock_version");
  if (!version || !version->as_integer()) {
    diagnostics.error("lock-entry", path, {1, 1}, "no `lock_version = 1`: not a lock file clawform wrote");
    return std::nullopt;
  }
  if (version->as_integer()->get() != kLockVersion) {
    diagnostics.error("lock-entry", path, location_of(version->source()),
                      fmt::format("lock_version {} is not one this clawform reads ({}); run `clawform lock`",
                                  version->as_integer()->get(), kLockVersion));
    return std::nullopt;
  }
  for (const auto& [key, node] : root) {
    if (key.str() != "lock_version" && key.str() != "package")
      diagnostics.error("lock-entry", path, location_of(node.source()), fmt::format("unknown key `{}`", key.str()));
  }
  LockFile lock;
  if (const toml::node* packages = root.get("package")) {
    const toml::array* list = packages->as_array();
    if (!list || !list->is_array_of_tables()) {
      diagnostics.error("lock-entry", path, location_of(packages->source()), "`package` must be [[package]] tables");
      return std::nullopt;
    }
    for (const toml::node& node : *list) {
      const toml::table& table = *node.as_table();
      const SourceLocation at = location_of(table.source());
      for (const auto& [key, value] : table)
        if (key.str() != "name" && key.str() != "version" && key.str() != "integrity" && key.str() != "resolved")
          diagnostics.error("lock-entry", path, location_of(value.source()),
                            fmt::format("unknown key `{}` in a [[package]]", key.str()));
      auto name = field(table, "name", path, at, diagnostics);
      auto version_text = field(table, "version", path, at, diagnostics);
      auto integrity = field(table, "integrity", path, at, diagnostics);
      auto resolved = field(table, "resolved", path, at, diagnostics);
      if (!name || !version_text || !integrity || !resolved) continue;
      if (!valid_integrity(*integrity)) {
        diagnostics.error("lock-entry", path, location_of(table.get("integrity")->source()),
                          fmt::format("{}@{}: integrity must be sha512- and 88 base64 characters", *name,
                                      *version_text));
        continue;
      }
      if (lock.find(*name, *version_text)) {
        diagnostics.error("lock-entry", path, at, fmt::format("{}@{} is locked twice", *name, *version_text));
        continue;
      }
      lock.put({*name, *version_text, *integrity, *resolved, at});
    }
  }
  if (diagnostics.error_count() > errors_before) return std::nullopt;
  return lock;
}

std::string render_lock_file(const LockFile& lock) {
  std::string out(kHeader);
  out += fmt::format("lock_version = {}\n", kLockVersion);
  for (const LockedPackage& p : lock.packages)
    out += fmt::format("\n[[package]]\nname = \"{}\"\nversion = \"{}\"\nintegrity = \"{}\"\nresolved = \"{}\"\n", p.name,
                       p.version, p.integrity, p.resolved);
  return out;
}

void check_lock_covers(const Manifest& manifest, const LockFile& lock, const std::string& lock_path,
                       Diagnostics& diagnostics) {
  for (const PinnedPackage& pin : pinned_packages(manifest)) {
    if (lock.find(pin.name, pin.version)) continue;
    diagnostics.error("lock-missing", manifest.path, pin.location,
                      fmt::format("{}@{} is pinned, but {} does not lock it; run `clawform lock {}` and commit "
                                  "the lock with the manifest",
                                  pin.name, pin.version, lock_path, manifest.path));
  }
}

LockFileRead read_lock_file(const std::string& path, Diagnostics& diagnostics) {
  LockFileRead read;
  std::error_code error;
  read.exists = std::filesystem::exists(path, error) || error;  // unknown: read it, and say why it fails
  if (!read.exists) return read;
  std::optional<SourceFile> source = read_source_file(path, diagnostics);
  if (!source) return read;
  read.text = std::move(source->text);
  read.lock = parse_lock_file(read.text, path, diagnostics);
  return read;
}

std::optional<LockFile> check_manifest_lock(const Manifest& manifest, Diagnostics& diagnostics) {
  const std::string path = lock_path_for(manifest.path);
  LockFileRead read = read_lock_file(path, diagnostics);
  if (!read.exists) {
    if (!pinned_packages(manifest).empty())
      diagnostics.warning("lock-absent", manifest.path, {1, 1},
                          fmt::format("no {} beside the manifest: pins are trusted by version alone; run `clawform "
                                      "lock {}` and commit the lock",
                                      path, manifest.path));
    return std::nullopt;
  }
  if (read.lock) check_lock_covers(manifest, *read.lock, path, diagnostics);
  return std::move(read.lock);
}

std::string lock_path_for(const std::string& manifest_path) {
  return (std::filesystem::path(manifest_path).parent_path() / kLockFileName).string();
}

}  // namespace clawform
