#pragma once
// Which openclaw each instance runs (docs/upgrades.md): the one clawform was
// given (--openclaw, CLAWFORM_OPENCLAW, .deps/, PATH) when that is the
// instance's pinned version (projects.X.openclaw.version, else
// openclaw.version) on the pinned Node major; otherwise the release clawform
// installs for that version (compiler/openclaw_release.h). Its service runs
// that binary, and so does every openclaw call clawform makes for it.

#include <optional>
#include <string>

#include "compiler/instance_layout.h"
#include "compiler/openclaw_release.h"
#include "schema/model.h"

namespace clawform {

// The openclaw clawform was given, as it describes itself.
struct GivenOpenClaw {
  std::string binary;
  std::optional<std::string> version{};       // "2026.9.6"; nullopt: it could not tell
  std::optional<std::string> node_version{};  // the Node its launcher picks: "24.21.0"
};

struct InstanceOpenClaw {
  std::string binary;   // the launcher its service and clawform's calls run
  std::string version;  // the version it is pinned to
  // Set when `binary` is a release clawform installs (else it is the given one).
  std::optional<OpenClawRelease> release{};
};

// 24 of "24.21.0"; nullopt for anything that does not start with a number
// and a dot (or end there).
std::optional<int> major_of(const std::string& version);

// The version `layout`'s projects pin (one instance's projects share one:
// lint openclaw-version-topology-a).
const std::string& instance_pinned_version(const Manifest& manifest, const InstanceLayout& layout);

// The given openclaw when it is the pinned version on the pinned Node major,
// or when it cannot tell what it is (discovery reports that, and nothing is
// installed on a guess); else the release.
InstanceOpenClaw instance_openclaw(const Manifest& manifest, const HostPaths& paths, const InstanceLayout& layout,
                                   const GivenOpenClaw& given);

}  // namespace clawform
