#pragma once
// clawform.lock: for every package the manifest pins (OpenClaw itself and
// each plugin), the exact version, the npm tarball's integrity (sha512) and
// where it was resolved. TOML, committed beside the manifest, written only
// by `clawform lock`. The format (docs/lock-file.md):
//
//   # clawform.lock: ... (comment lines, kept as written by clawform)
//   lock_version = 1
//
//   [[package]]
//   name = "@openclaw/nostr"
//   version = "2026.9.5"
//   integrity = "sha512-..."
//   resolved = "https://registry.npmjs.org/@openclaw/nostr/-/nostr-2026.9.5.tgz"
//
// Packages sorted by name, then version; one blank line between tables.
// render_lock_file(parse_lock_file(x)) == x for every x clawform wrote.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/diagnostic.h"
#include "schema/model.h"
#include "schema/source_location.h"

namespace clawform {

inline constexpr int kLockVersion = 1;
inline constexpr std::string_view kLockFileName = "clawform.lock";

struct LockedPackage {
  std::string name;       // npm package name: "openclaw", "@openclaw/nostr"
  std::string version;    // exact
  std::string integrity;  // "sha512-" and the base64 of the tarball's SHA-512
  std::string resolved;   // the tarball's URL
  SourceLocation location;  // of its [[package]] header (parsed files only)
};

struct LockFile {
  std::vector<LockedPackage> packages;  // sorted by (name, version), no two alike

  const LockedPackage* find(std::string_view name, std::string_view version) const;
  // Adds or replaces the entry for (name, version), keeping the order.
  void put(LockedPackage package);
};

// A package the manifest pins, and where (for diagnostics).
struct PinnedPackage {
  std::string name;
  std::string version;
  SourceLocation location;  // of the version in the manifest
};

// OpenClaw at `openclaw.version` and every plugin pin of every project, each
// (name, version) once, sorted.
std::vector<PinnedPackage> pinned_packages(const Manifest& manifest);

// The lock file `path` holds `text`; errors go to `diagnostics` as
// FILE:LINE:COL with IDs lock-syntax and lock-entry (docs/lints.md).
std::optional<LockFile> parse_lock_file(std::string_view text, const std::string& path, Diagnostics& diagnostics);

std::string render_lock_file(const LockFile& lock);

// An error (lock-missing, at the pin in the manifest) for every pinned
// package the lock does not cover, naming `clawform lock`.
void check_lock_covers(const Manifest& manifest, const LockFile& lock, const std::string& lock_path,
                       Diagnostics& diagnostics);

// The lock file at `path`: whether it exists; if so its text and the lock
// (nullopt when it cannot be read or parsed: the errors are in
// `diagnostics`, an unreadable or non-UTF-8 file as file-unreadable etc.).
struct LockFileRead {
  bool exists = false;
  std::string text;
  std::optional<LockFile> lock;
};
LockFileRead read_lock_file(const std::string& path, Diagnostics& diagnostics);

// The plan's check: the lock beside `manifest` (lock_path_for) read and
// checked with check_lock_covers. No lock at all is a warning (lock-absent):
// pins are then trusted by version alone. Returns the lock when there is
// one and it parsed (what the plan's plugin steps take their integrities from).
std::optional<LockFile> check_manifest_lock(const Manifest& manifest, Diagnostics& diagnostics);

// Where the manifest at `manifest_path` keeps its lock: beside it.
std::string lock_path_for(const std::string& manifest_path);

}  // namespace clawform
