#pragma once
// Topology B on real OS users: the accounts its users are, read from the
// host's account database (getpwnam). Nothing is created: an operator (or a
// test) makes the users; clawform refuses to plan for a missing one.

#include <string>
#include <vector>

#include "compiler/desired.h"
#include "compiler/instance_layout.h"
#include "schema/model.h"

namespace clawform {

// The host's paths for `manifest` (compiler/instance_layout.h host_paths()),
// with `real_users` on when there is no --root or when `real_users` asks for
// it, and then, in topology B, the account of every user the manifest names
// (projects and remove_projects). A user without an account is an error in
// `errors` (naming the project and the user); it keeps a remapped home.
HostPaths resolve_host_paths(const Manifest& manifest, const std::string& root, const std::string& real_home,
                             bool real_users, std::vector<PlanError>* errors = nullptr);

}  // namespace clawform
