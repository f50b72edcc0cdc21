#pragma once
// What `openclaw backup restore ARCHIVE --target T --json` leaves (OpenClaw
// 2026.9.6, observed): T/<archiveRoot>/manifest.json lists the archive's
// assets, each restored at T/<asset archivePath>, where archivePath is
// "<archiveRoot>/payload/posix/<the path it was backed up from>". The
// restored openclaw.json still names the paths it was backed up from
// (agents.*.workspace, agentDir): a gateway booted from it unchanged would
// use the live instance's workspace. relocation_patch() points them at the
// restored copies. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/status.h"

namespace clawform {

struct ArchiveAsset {
  std::string kind;          // "state", "config", "workspace", ...
  std::string source_path;   // where it was backed up from
  std::string archive_path;  // relative to the restore target
};

struct RestoredArchive {
  std::string archive_root;
  std::string runtime_version;  // the OpenClaw that wrote it
  std::string state_dir;        // paths.stateDir: the instance's state dir when backed up
  std::string config_path;      // paths.configPath
  std::vector<ArchiveAsset> assets;
};

// The "archiveRoot" of `backup restore --json`'s output.
Result<std::string> restore_output_root(std::string_view json_text);

// `<archiveRoot>/manifest.json`.
Result<RestoredArchive> parse_archive_manifest(std::string_view json_text);

// A path moved from `from` to `to` (a directory moves its whole tree).
struct PathMove {
  std::string from;
  std::string to;
};

// Where `path` is after `moves`: the longest `from` that is `path` or a
// directory above it decides; nullopt when none does.
std::optional<std::string> relocated(const std::string& path, const std::vector<PathMove>& moves);

// An `openclaw config patch` document (objects merge, arrays and strings
// replace) that rewrites every string of `config` that relocated() moves,
// anywhere in the tree; an empty object when none does.
nlohmann::json relocation_patch(const nlohmann::json& config, const std::vector<PathMove>& moves);

}  // namespace clawform
