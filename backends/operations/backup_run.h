#pragma once
// `clawform backup` (docs/operations.md, "backup"): per OpenClaw instance,
// OpenClaw's own state archive (`openclaw backup create --verify`, run as
// the instance runs openclaw) copied without its key files and credentials
// and verified again, and those secrets with the instance's service file in
// a tar built in memory and encrypted with age to the manifest's
// recipients. Written as one backup set:
//
//   OUT/<YYYYMMDDTHHMMSSZ>/index.json                (compiler/operations/backup_index.h)
//   OUT/<stamp>/<instance>/state.tar.gz              0600
//   OUT/<stamp>/<instance>/secrets.tar.age           0600
//
// first under OUT/.partial-<stamp>/ (dirs 0700), renamed into place when
// complete. OpenClaw's own archive, which holds the secrets as it wrote
// them, lives only in a 0700 staging dir outside OUT and outside the state
// dir, removed as soon as the instance is done, on failure too. A secret
// value is never written in clear under OUT, printed or put in an error.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backends/discover.h"
#include "compiler/host.h"
#include "compiler/operations/backup_index.h"
#include "schema/model.h"

namespace clawform {

struct BackupOptions {
  std::string out_dir;             // OUT; created 0700 when absent
  std::optional<int> keep;         // --keep, else backup.keep; absent: keep every set
  std::vector<std::string> projects;  // --project: the instances serving these; empty: every instance
  std::string age;                 // the age binary; "": found on PATH
  std::string staging_parent;      // where staging dirs are made; "": the system's temp dir
  DiscoverOptions discover;        // how openclaw is found and run
  // One line per event as it happens ("backup acme: state 52 kB (verified), ...").
  std::function<void(const std::string&)> progress;
};

struct BackupReport {
  std::string set_dir;  // OUT/<stamp>
  BackupIndex index;
  std::vector<std::string> removed_sets;      // by retention, paths
  std::vector<std::string> removed_partials;  // .partial- dirs an earlier run left
  double seconds = 0;
};

// Backs up every selected instance of `manifest` into a new set under
// options.out_dir, then applies retention. REQUIRES: manifest.backup with
// at least one recipient (the CLI says what to add otherwise). On any
// failure: an error naming the instance and the command that failed (its
// stderr tail scrubbed of the instance's key values), and no set (the
// partial set and the staging dir are removed).
Result<BackupReport> run_backup(Host& host, const Manifest& manifest, const HostPaths& paths,
                                const BackupOptions& options);

}  // namespace clawform
