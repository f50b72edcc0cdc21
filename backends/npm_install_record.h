#pragma once
// What npm recorded when OpenClaw installed a plugin package: OpenClaw
// 2026.9.6 installs each into an npm project of its own under
// <state dir>/npm/projects/<project>/, whose package-lock.json holds, at
// packages["node_modules/<package>"], the version and the integrity of the
// tarball npm unpacked (npm checks the bytes against it as it downloads).
// `openclaw plugins list --json` names the package's directory (rootDir,
// .../npm/projects/<project>/node_modules/<package>).

#include <string>
#include <string_view>

#include "compiler/status.h"

namespace clawform {

struct InstallRecord {
  std::string path;  // the package-lock.json
  std::string version;
  std::string integrity;
};

// The package-lock.json that records the package installed at `root_dir`:
// root_dir without its trailing "/node_modules/<package>", plus
// "/package-lock.json". An error when root_dir does not end so.
Result<std::string> install_record_path(const std::string& root_dir, const std::string& package);

// `package`'s entry in the package-lock.json `text` read from `path`, or an
// error naming the file and what is missing.
Result<InstallRecord> parse_install_record(std::string_view text, const std::string& path,
                                           const std::string& package);

}  // namespace clawform
