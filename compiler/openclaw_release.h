#pragma once
// Where clawform keeps the OpenClaw releases it installs: one prefix per
// (OpenClaw version, Node major), side by side, never written over once
// complete (docs/upgrades.md):
//
//   <releases>/<version>-node<major>/
//     node/       npm's install of the Node package (node-<os>-<arch>@<major>)
//     openclaw/   npm's install of openclaw@<version> (its package-lock.json
//                 records the tarball's integrity)
//     bin/openclaw  the launcher: that Node running that openclaw
//     release.json  what was installed (written last: a prefix without it is
//                   not a release)
//
// <releases> is /opt/clawform/openclaw on a real host, mapped under --root.
// Pure path arithmetic: nothing here touches the host.

#include <string>

#include "compiler/instance_layout.h"

namespace clawform {

struct OpenClawRelease {
  std::string version;  // exact: "2026.9.5"
  int node_major = 0;   // 24

  friend bool operator==(const OpenClawRelease&, const OpenClawRelease&) = default;
};

std::string releases_dir(const HostPaths& paths);
// "2026.9.5-node24": the prefix's name in <releases>
std::string release_name(const OpenClawRelease& release);
// "<releases>/2026.9.5-node24"
std::string release_prefix(const HostPaths& paths, const OpenClawRelease& release);
// "<prefix>/bin/openclaw"
std::string release_launcher(const std::string& prefix);
// "<prefix>/release.json"
std::string release_record_path(const std::string& prefix);

}  // namespace clawform
