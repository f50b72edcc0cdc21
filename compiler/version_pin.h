#pragma once
// The version pin: the manifest's openclaw.version and openclaw.node_major
// against what discovery found each instance running. A difference is
// drift: `plan` shows it on lines of its own, and `apply` refuses (exit 1,
// nothing changed) until the host and the manifest agree. It is never a
// step: upgrading openclaw or Node through a plan is not supported yet.

#include <string>
#include <vector>

#include "compiler/live_state.h"
#include "schema/model.h"

namespace clawform {

struct VersionDrift {
  std::string what;    // "openclaw" or "node"
  std::string host;    // what the host runs: "2026.9.6", "24.21.0"; "unknown" when discovery could not tell
  std::string pinned;  // what the manifest pins: "2026.9.5"; for node its major version, "24"
  std::vector<std::string> projects;  // the projects served by the instances that run `host`

  friend bool operator==(const VersionDrift&, const VersionDrift&) = default;
};

// Every difference between the pins and the manifest's instances in `live`
// (remove_projects' instances are not compared), openclaw first; each
// instance is held to its project's version (projects.X.openclaw.version,
// else openclaw.version); instances that run the same version and are
// pinned to the same one share an entry.
std::vector<VersionDrift> version_drift(const Manifest& manifest, const LiveState& live);

// "openclaw: the host runs 2026.9.6, the manifest pins 2026.9.5 (project acme)"
std::string describe_drift(const VersionDrift& drift);

// What apply says when it refuses: a first line, then one per drift.
std::vector<std::string> version_refusal(const std::vector<VersionDrift>& drift);

}  // namespace clawform
