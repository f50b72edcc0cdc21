#pragma once
// `clawform restore INDEX --project P --manifest FILE` (without --drill):
// one project's state put back from a backup set as a plan
// (compiler/operations/restore_plan.h), shown, confirmed (or
// --auto-approve) and applied with the journal and rollback like any other
// (backends/apply_session.h apply_made_plan).

#include <string>

#include "cli/apply_flags.h"

namespace clawform::cli {

// `flags.projects` holds the one project; `index` the set's index.json.
int run_restore_in_place(const std::string& index, const std::string& manifest_file, const ApplyFlags& flags);

}  // namespace clawform::cli
