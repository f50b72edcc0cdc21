#pragma once
// A recorded live state read against the manifest being planned, which may
// differ from the one it was recorded with (a pull request adds a project,
// moves a port). Each instance and project file the manifest lays out is
// taken from the recording where it was recorded at the same path; what was
// not recorded is taken to be absent: the state of a host that never had
// it. What that assumes is checked when apply plans against the live host
// (docs/discovery.md, "A recorded live state").

#include "compiler/instance_openclaw.h"
#include "compiler/instance_layout.h"
#include "compiler/live_state.h"
#include "schema/model.h"

namespace clawform {

// The live state discovery would give for `manifest` on the recorded host,
// as far as the recording tells; in manifest order, as discover() gives it.
LiveState align_recorded_state(const LiveState& recorded, const Manifest& manifest, const HostPaths& paths,
                               const GivenOpenClaw& given);

}  // namespace clawform
