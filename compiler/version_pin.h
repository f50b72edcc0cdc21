#pragma once
// The version pin: the manifest's openclaw.version and openclaw.node_major
// against what discovery found each instance running. An instance whose
// service runs another binary than the one it must run is moved by a plan
// step (compiler/diff.cc, docs/upgrades.md). One that runs the right binary
// at another version (a binary replaced behind clawform's back, or one that
// cannot tell its version) is drift: `plan` shows it on lines of its own,
// and `apply` refuses (exit 1, nothing changed) until they agree.

#include <string>
#include <vector>

#include "compiler/desired.h"
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
// pinned to the same one share an entry. Instances a plan step moves to
// another binary (moves_openclaw, against `desired`) are left out.
std::vector<VersionDrift> version_drift(const Manifest& manifest, const DesiredState& desired, const LiveState& live);

// Whether a plan moves `live` to `desired`'s openclaw: its service runs
// another binary, or it has no service and needs a release.
bool moves_openclaw(const DesiredInstance& desired, const InstanceState& live);

// "openclaw: the host runs 2026.9.6, the manifest pins 2026.9.5 (project acme)"
std::string describe_drift(const VersionDrift& drift);

// What apply says when it refuses: a first line, then one per drift.
std::vector<std::string> version_refusal(const std::vector<VersionDrift>& drift);

}  // namespace clawform
