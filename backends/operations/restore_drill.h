#pragma once
// `clawform restore INDEX --drill` (docs/operations.md, "restore --drill"):
// proves a backup set can be restored, without touching the live host.
//
// First every file of the set is checked against the index (size, then
// sha256); any difference fails the drill before anything is created.
// Then, per instance (or the one serving `project`), in a scratch dir
// (mkdtemp under $TMPDIR, 0700):
//   1. `openclaw backup restore ARCHIVE --target SCRATCH/restore --json`;
//      the state dir is moved to SCRATCH/state and its openclaw.json's
//      paths pointed at the restored copies (never at the live instance's);
//   2. `openclaw database preflight` of the state database and
//      `database preflight-agent` of each agent database: "exact" passes;
//   3. a gateway from the restored state on a free loopback port of the
//      scratch range (P..P+110 free), channels, cron, providers, the Gmail
//      watcher, canvas host, browser control and Bonjour off, with a fresh
//      random token where the config takes one from the environment (key
//      files are not in the archive; no real secret is ever given); waits
//      for /health live and /startupz started;
//   4. the exit checklist of the scratch instance compared with the one the
//      backup captured (port, service and ready declared expected);
//   5. the gateway's whole process group stopped, the scratch dir removed
//      (kept with keep_scratch), also on failure and on SIGINT/SIGTERM/SIGHUP.
// The live instances, their state dirs, ports and services are never
// touched: everything runs with HOME, OPENCLAW_STATE_DIR and
// OPENCLAW_CONFIG_PATH inside the scratch dir.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "compiler/operations/drill_report.h"
#include "compiler/operations/scratch_port.h"
#include "compiler/status.h"

namespace clawform {

struct DrillOptions {
  std::string index_path;  // <set>/index.json
  std::string project;     // "": every project of the set
  ScratchPortRange ports;
  std::string openclaw;    // the binary every openclaw call of the drill runs
  bool keep_scratch = false;
  std::chrono::milliseconds boot_timeout{180'000};
  // Each openclaw call but the gateway (a restore of a large archive).
  std::chrono::milliseconds command_timeout{600'000};
  // Where scratch dirs are made; "": $TMPDIR, else /tmp.
  std::string scratch_parent;
  // Told each line of progress as it happens (render_drill_line() of each
  // project as it finishes); may be null.
  std::function<void(const std::string&)> progress;
};

// Runs the drill. An error (and nothing created) when the index cannot be
// read, `project` is not in it, or a file of the set differs from the
// index; else one ProjectDrill per project, passed or not.
Result<std::vector<ProjectDrill>> run_restore_drill(const DrillOptions& options);

}  // namespace clawform
