#pragma once
// What `clawform restore` reads of a backup set (docs/operations.md,
// "backup"): DIR/<YYYYMMDDTHHMMSSZ>/index.json (kind "clawform-backup",
// format 1) naming, per instance, OpenClaw's state archive and the
// age-encrypted secrets file, each with its size and sha256, and the exit
// checklist captured at backup time. Only the fields a restore needs are
// read; the rest of the index is tolerated. Pure: the caller reads the
// files and measures them (backends/operations/restore_drill.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/operations/checklist.h"
#include "compiler/status.h"

namespace clawform {

// One file of the set, its path relative to the set's directory.
struct RestoreFile {
  std::string role;  // "state" or "secrets"
  std::string path;  // "acme/state.tar.gz"
  std::uint64_t bytes = 0;
  std::string sha256;  // lower-case hex
};

struct RestoreInstance {
  std::string instance;               // "acme"; topology A: "default"
  std::vector<std::string> projects;  // in manifest order
  std::string openclaw_version;       // "" when the backup could not tell
  std::string state_dir;              // the host path that was archived
  std::vector<RestoreFile> files;

  // The file of `role`, or null.
  const RestoreFile* file(const std::string& role) const;
};

struct RestoreSet {
  std::string created_at;
  std::string topology;  // "A", "B" or "C"
  std::optional<Checklist> checklist;  // nullopt when the backup captured none
  std::vector<RestoreInstance> instances;
};

// The index's JSON. An error names the first field that is missing or of
// the wrong type ("instances[0].files[1].sha256: not a string"), a kind or
// format this clawform does not read, or a file path that could leave the
// set's directory (absolute, or with a ".." part).
Result<RestoreSet> restore_set_from_json(const nlohmann::json& json);

// The instances a restore covers: all of them, or (`project` not empty)
// the one serving `project`; an error names the projects the set holds.
Result<std::vector<const RestoreInstance*>> select_instances(const RestoreSet& set, const std::string& project);

// What the disk holds at one file's place.
struct FileFacts {
  bool exists = false;
  std::uint64_t bytes = 0;
  std::string sha256;  // "" when not computed (absent, or the size already differs)
};

// How `found` differs from what the index says of `expected`, one line
// naming the file: "acme/state.tar.gz: 44012 bytes, the index says 45012";
// nullopt when it is the same file.
std::optional<std::string> file_difference(const RestoreFile& expected, const FileFacts& found);

}  // namespace clawform
