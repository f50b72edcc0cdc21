#pragma once
// The fingerprint of a live state: what a plan was computed from, small
// enough to save in every plan file. Each instance's state is written as
// canonical text in groups (state_dir, config, plugins, files, service,
// gateway) and each group hashed; the overall fingerprint hashes them all.
// Apply and `show` rediscover, recompute it, and name the instances and
// groups that changed.
//
// Left out, because they change without anyone changing the host: probe
// latencies and error texts, /ready (a channel's provider can fail it),
// plugin load status and display names, file sizes, discovery errors.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/host.h"
#include "compiler/live_state.h"

namespace clawform {

struct LiveFingerprint {
  std::string overall;  // sha256 hex
  // Instance ("acme", "default"; "removed oldclient" for remove_projects)
  // -> group -> the first 16 hex digits of the group's sha256.
  std::map<std::string, std::map<std::string, std::string>> instances;

  friend bool operator==(const LiveFingerprint&, const LiveFingerprint&) = default;
};

// The canonical text of one instance's groups (exposed for tests).
std::map<std::string, std::string> fingerprint_groups(const InstanceState& instance);

LiveFingerprint fingerprint_live(const LiveState& live, const Digester& digester);

// "acme: config, gateway changed", "removed oldclient: appeared", ... in
// instance order; empty when the fingerprints are equal.
std::vector<std::string> fingerprint_drift(const LiveFingerprint& planned, const LiveFingerprint& now);

nlohmann::json fingerprint_to_json(const LiveFingerprint& fingerprint);
LiveFingerprint fingerprint_from_json(const nlohmann::json& json);  // throws on a malformed document

}  // namespace clawform
