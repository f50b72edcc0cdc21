#pragma once
// The plan-time half of the port plan (docs/ports.md): every port an
// instance reserves (schema/port_plan.h) must be free on the host, or held
// by that instance's own gateway. validate's port-overlap lint keeps the
// manifest's instances apart; this keeps them apart from everything else.

#include <string>
#include <vector>

#include "compiler/desired.h"
#include "compiler/instance_layout.h"
#include "compiler/live_state.h"
#include "schema/model.h"

namespace clawform {

// A TCP socket listening on the host (any address: a port taken on
// 0.0.0.0 or ::1 is taken for 127.0.0.1 too). 0 or -1: not known (another
// user's process, when clawform does not run as root).
struct Listener {
  int port = 0;
  long pid = 0;
  long ppid = 0;
  long uid = -1;
  std::string command;  // the program's name, when known
};

// Whether the instance's gateway runs OpenClaw's browser (browser.enabled):
// its project's `browser`; in topology A, any project's.
bool instance_browser(const Manifest& manifest, const InstanceLayout& layout);

// One error per instance port something else listens on, naming the project,
// the port, its role, the listener and what to do. A listener is the
// instance's own when its gateway answers live (`live`, matched by instance
// name) and the listener is that gateway's process (the pid on the gateway's
// port), one of its children, or, with pids unknown, runs as the same uid.
std::vector<PlanError> check_reserved_ports(const Manifest& manifest, const std::vector<InstanceLayout>& layouts,
                                            const LiveState& live, const std::vector<Listener>& listeners);

}  // namespace clawform
