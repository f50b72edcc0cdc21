#pragma once
// The config steps of a plan, tried against openclaw before anyone applies
// them: `openclaw config patch --file F --dry-run` for each instance whose
// config the plan changes, under that instance's own environment (see
// OpenClawCli). openclaw checks there what clawform cannot know, e.g. that
// a model reference is in its catalog; a dry run changes nothing on disk.
//
// SecretRef values are left out of the dry run: openclaw resolves them in
// a dry run (not in a real patch), and plan never hands key values to it.

#include <vector>

#include "backends/discover.h"
#include "compiler/desired.h"
#include "compiler/plan.h"

namespace clawform {

// One PlanError per config step openclaw refuses, naming the project and
// giving openclaw's reason. Runs the dry runs `options.jobs` at a time.
std::vector<PlanError> preflight_config(const Plan& plan, const DesiredState& desired, const HostPaths& paths,
                                        const DiscoverOptions& options);

}  // namespace clawform
