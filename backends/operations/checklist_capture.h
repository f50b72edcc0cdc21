#pragma once
// Captures the exit checklist (compiler/operations/checklist.h) from a
// host: discovery (which asks openclaw for its version and plugin list and
// probes each gateway) plus a walk of each workspace and state dir.

#include <string>

#include "backends/discover.h"
#include "compiler/host.h"
#include "compiler/live_state.h"
#include "compiler/operations/checklist.h"
#include "schema/model.h"

namespace clawform {

// A directory's inventory. Symlinks are counted as entries (size 0), never
// followed; an entry that vanishes during the walk is left out; a missing
// `dir` gives the empty inventory. `skip_top_level`: names directly under
// `dir` left out (the state dir's "cache" and "tmp").
TreeInventory inventory_tree(const std::string& dir, const std::set<std::string>& skip_top_level = {});

// The checklist of every project of one discovered instance, in its order.
std::vector<ProjectChecklist> instance_checklist(const InstanceState& live);

// The whole host's checklist: discover(), then instance_checklist() of each
// instance. Fails when discovery of an instance failed (naming the project
// and the command).
Result<Checklist> capture_checklist(Host& host, const Manifest& manifest, const DiscoverOptions& options,
                                    const std::string& label);
// The same on this machine (a RealHost).
Result<Checklist> capture_checklist(const Manifest& manifest, const DiscoverOptions& options, const std::string& label);

// The checklist of what `live` discovered (no call to the host but the
// tree walks), labelled `label` and stamped now.
Checklist checklist_of(const LiveState& live, const std::string& label);

}  // namespace clawform
