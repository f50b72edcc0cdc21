#pragma once
// `plan --project NAME` / `apply --project NAME` (repeatable): the manifest
// limited to the named projects, so that discovery, the plan and the apply
// see only their instances (a canary goes first, the rest in a later
// window). Every other project is as if the manifest did not name it: not
// discovered, not planned, never touched (removals are explicit in
// remove_projects, so an unnamed project is never taken for one).

#include <string>
#include <vector>

#include "compiler/status.h"
#include "schema/model.h"

namespace clawform {

// `manifest` with only the projects (and remove_projects entries) `names`
// names. An error for a name the manifest has not (listing the ones it
// has), and for topology A, whose one gateway serves every project.
Result<Manifest> select_projects(const Manifest& manifest, const std::vector<std::string>& names);

// `names` sorted, each once: how a plan file records them.
std::vector<std::string> normalized_projects(std::vector<std::string> names);

}  // namespace clawform
