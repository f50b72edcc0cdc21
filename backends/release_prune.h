#pragma once
// `clawform prune`: the OpenClaw releases (compiler/openclaw_release.h) no
// instance of the manifest uses, removed only when asked. A release is in
// use when a service file of the manifest's instances (remove_projects'
// included) runs its launcher, or when the manifest pins its version on its
// Node major for any project (so a release a plan is about to need is never
// pruned). A staging directory an interrupted install left is removable too.
// Runs under the host lock, so never beside an apply.

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/host.h"
#include "compiler/status.h"
#include "schema/model.h"

namespace clawform {

struct ReleaseEntry {
  std::string name;    // "2026.9.5-node24", ".staging-..."
  std::string path;
  std::uintmax_t bytes = 0;
  std::vector<std::string> used_by{};  // projects whose service runs it, or "pinned by the manifest"
};

struct PruneReport {
  std::vector<ReleaseEntry> kept;
  std::vector<ReleaseEntry> removable;  // removed, when remove was asked
};

// Lists the releases under `paths`' release dir and, with `remove`, removes
// the unused ones. An error names the directory it could not read or remove.
Result<PruneReport> prune_releases(Host& host, const Manifest& manifest, const HostPaths& paths, bool remove);

}  // namespace clawform
