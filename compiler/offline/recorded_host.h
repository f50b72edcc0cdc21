#pragma once
// A recorded live state: what `clawform discover --json` prints, read back
// by `clawform plan --live-state FILE` to plan where the host cannot be
// reached (CI). Besides the instances (compiler/live_state_json.h) it holds
// what planning asks of the host outside discovery: where its paths are
// (HostPaths, with topology B's accounts) and what the given openclaw is.
// Never a secret value: the key files are key names and keyed digests.
// docs/discovery.md, "A recorded live state", documents the format.

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/instance_layout.h"
#include "compiler/instance_openclaw.h"
#include "compiler/live_state.h"

namespace clawform {

struct RecordedHost {
  HostPaths paths;
  GivenOpenClaw openclaw;  // binary as the host names it; version and Node as it answered
};

struct RecordedLiveState {
  LiveState live;
  RecordedHost host;
};

// The "host" member of discover's JSON document.
nlohmann::json recorded_host_to_json(const RecordedHost& host);

// A whole `discover --json` document. Throws nlohmann::json::exception when
// it is malformed or lacks "host" (recorded by a clawform before it had one).
RecordedLiveState recorded_live_state_from_json(const nlohmann::json& json);

}  // namespace clawform
