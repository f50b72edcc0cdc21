#pragma once
// Two exit checklists side by side (`clawform checklist compare`, and the
// end of `apply`): a row per item and project, the differences marked ("!"
// not expected, "~" declared expected), then the list of differences. The
// plugin list is one summary row plus a row per plugin that differs.

#include <string>
#include <vector>

#include "compiler/operations/checklist.h"

namespace clawform {

std::string render_checklist_comparison_text(const Checklist& before, const Checklist& after,
                                             const std::vector<ChecklistDifference>& differences);
// GitHub/GitLab Markdown for a change ticket: a table per project.
std::string render_checklist_comparison_markdown(const Checklist& before, const Checklist& after,
                                                 const std::vector<ChecklistDifference>& differences);
// One checklist, for `checklist capture` without --out.
std::string render_checklist_text(const Checklist& checklist);

// "1 difference (0 expected)", "no difference".
std::string summarize_differences(const std::vector<ChecklistDifference>& differences);

}  // namespace clawform
