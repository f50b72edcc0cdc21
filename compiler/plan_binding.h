#pragma once
// A saved plan made ready to apply: each step bound to the instance it acts
// on, and each key file's keys to the references their values are read from.
// Both come from the manifest the plan carries (its own copy), through the
// same layout the planner used (instance_layout.h); nothing the plan decided
// (ports, values, versions, digests) is derived again.

#include "compiler/instance_layout.h"
#include "compiler/plan.h"
#include "compiler/status.h"
#include "schema/model.h"

namespace clawform {

// Fails naming the step when no instance of `manifest` serves it, or a key
// file names a key the manifest does not define.
Status bind_instances(Plan& plan, const Manifest& manifest, const HostPaths& paths);

}  // namespace clawform
