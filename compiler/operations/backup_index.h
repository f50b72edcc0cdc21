#pragma once
// A backup set's index (docs/operations.md, "backup"): DIR/<stamp>/index.json,
// what `clawform backup` wrote and what `clawform restore` reads. Plain
// data, its JSON (format 1), and the names and retention of backup sets.
// Never holds a secret value: a secrets file's `contains` lists names only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/status.h"

namespace clawform {

inline constexpr std::string_view kBackupKind = "clawform-backup";
inline constexpr int kBackupFormat = 1;

// One file of a backup set, its path relative to the set's directory.
struct BackupFile {
  std::string role;  // "state" (OpenClaw's archive) or "secrets" (age-encrypted tar)
  std::string path;  // "acme/state.tar.gz"
  std::uint64_t bytes = 0;
  std::string sha256;  // lower-case hex
  // secrets: the relative names inside (".env", "credentials/x.json",
  // "service/ai.openclaw.acme.plist"), never their values. Empty for state.
  std::vector<std::string> contains{};
};

struct BackupInstance {
  std::string instance;               // "acme"; topology A: "default"
  std::vector<std::string> projects;  // the projects it serves, in manifest order
  std::string openclaw_version;       // as `openclaw --version` said; "" unknown
  int node_major = 0;                 // 0: unknown
  std::string state_dir;              // the host path archived
  std::string archive_root;           // the archive's top directory, as openclaw reported it; "" unknown
  std::vector<BackupFile> files;      // state first, then secrets
  // Entry names taken out of OpenClaw's archive (they are in the secrets file).
  std::vector<std::string> removed_from_archive;
  double seconds = 0;  // wall time of this instance's backup
};

struct BackupIndex {
  std::string created_at;  // UTC, ISO 8601 ("2026-12-01T23:42:00Z")
  std::string clawform_version;
  std::string fleet;
  std::string region;
  std::string topology;  // "A", "B" or "C"
  std::vector<std::string> recipients;
  // checklist_to_json() of the exit checklist captured at backup time
  // (compiler/operations/checklist.h); null when none was captured.
  nlohmann::json checklist;
  std::vector<BackupInstance> instances;

  // The instance entry named `instance`, or null.
  const BackupInstance* find(std::string_view instance) const;
};

nlohmann::json backup_index_to_json(const BackupIndex& index);
// The inverse; an error names the first field that is missing or of the
// wrong type ("instances[0].files[1].sha256: not a string"), or a kind or
// format this clawform does not read.
Result<BackupIndex> backup_index_from_json(const nlohmann::json& json);

// A backup set's directory name: the UTC second it started,
// "YYYYMMDDTHHMMSSZ" ("20261201T234200Z"); names sort by time.
std::string backup_set_name(std::chrono::system_clock::time_point when);
// Whether `name` has that shape.
bool is_backup_set_name(std::string_view name);
// The name of the directory a set is written in before it is complete.
std::string partial_set_name(std::string_view set_name);
inline constexpr std::string_view kPartialPrefix = ".partial-";

// Retention: of `sets` (names of complete sets, any order), the ones to
// remove so that the newest `keep` remain, oldest first. REQUIRES: keep >= 1.
std::vector<std::string> sets_beyond_keep(std::vector<std::string> sets, int keep);

}  // namespace clawform
