#pragma once
// What `clawform restore INDEX --drill` found, per project, and how it is
// shown: one line per project as it finishes, the checklist differences
// side by side, and a summary table. The RTO of a project is the sum of
// its steps: the time from "restore it" to "its gateway serves the
// restored state and its checklist was compared", as an operator restoring
// that one project onto a prepared host would see it. Pure.

#include <string>
#include <vector>

#include "compiler/operations/checklist.h"

namespace clawform {

struct ProjectDrill {
  std::string project{};
  std::string instance{};
  // Seconds each step took; 0 for a step not reached.
  double verify = 0;     // size and sha256 of the instance's files
  double restore = 0;    // openclaw backup restore, and pointing the copy's config at itself
  double database = 0;   // openclaw database preflight of each SQLite file
  double boot = 0;       // gateway start until /health live and /startupz started
  double checklist = 0;  // capture and compare
  // "exact" when every database said so; else what the first other said.
  std::string database_verdict{};
  int port = 0;  // where the scratch gateway ran; 0 when it did not
  // Every difference from the backup's checklist, expected ones included.
  std::vector<ChecklistDifference> differences{};
  // "" when every step ran; else "STEP: why" of the step that failed.
  std::string failure{};

  bool passed() const;
  double rto() const { return verify + restore + database + boot + checklist; }
};

// "drill acme: verified 0.1 s, restored 1.2 s, database exact, booted on
// 40600 in 9.8 s, checklist matches; RTO 15.3 s", or "drill acme: FAILED
// at boot: ..." / "..., checklist differs (2 items); RTO 15.3 s". One line
// and a newline; a differing checklist adds render_drill_differences().
std::string render_drill_line(const ProjectDrill& drill);

// The unexpected differences side by side: item, the backup's value, the
// drill's. "" when there are none.
std::string render_drill_differences(const ProjectDrill& drill);

// A table of every project (steps, RTO, result) and a closing line:
// "3 of 3 projects passed; longest RTO 15.3 s (acme)".
std::string render_drill_summary(const std::vector<ProjectDrill>& drills);

}  // namespace clawform
