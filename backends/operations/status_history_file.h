#pragma once
// The history file of `clawform status` (ClawformDir::status_history; the
// line format is compiler/operations/status_history.h's): read, appended
// one sample per run, and now and then thinned.

#include <string>
#include <vector>

#include "compiler/operations/status_history.h"
#include "compiler/status.h"

namespace clawform {

struct HistoryUpdate {
  std::vector<StatusSample> samples;  // the history after this run, `sample` included, in time order
  std::vector<std::string> warnings;  // damaged lines skipped
  bool rewritten = false;             // thinned (or cleared of damaged lines) this run
};

// Under an exclusive flock of ClawformDir::status_lock (two runs at once
// take turns): reads the history, appends `sample` as one line in one
// O_APPEND write (starting with a newline when the file ends in a torn
// line), and, when damaged lines were skipped or thinning would drop
// `policy.rewrite_after` samples, rewrites it thinned (temp file, fsync,
// rename). Creates <clawform dir>/status (0700) and the file (0600) when
// absent. An error names the path and the call that failed.
Result<HistoryUpdate> record_status_sample(const std::string& clawform_dir, const StatusSample& sample,
                                           const ThinningPolicy& policy = {});

}  // namespace clawform
