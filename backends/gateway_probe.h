#pragma once
// Probing an OpenClaw gateway on 127.0.0.1:PORT over HTTP: GET /health,
// GET /startupz and GET /ready, each on its own connection with a short
// timeout, recording status, the body fields OpenClaw returns
// ({"ok":true,"status":"live"}, {"ok":true,"status":"started"},
// {"ready":true,"failing":[]}) and latency; and whether the port is held by
// something that is not a gateway. Loopback only, by construction: a
// loopback request is also what makes OpenClaw include /ready's "failing"
// list and /startupz's details without a token.

#include <chrono>

#include "compiler/live_state.h"

namespace clawform {

struct GatewayProbeOptions {
  std::chrono::milliseconds timeout{2'000};  // per request: connect + write + read
};

// Never throws. A closed port gives reachable=false on every check and
// port_held_by_other=false.
GatewayState probe_gateway(int port, const GatewayProbeOptions& options = {});

}  // namespace clawform
