#pragma once
// What the npm registry says a package version is: its tarball's integrity
// and URL, from `npm view NAME@VERSION dist.integrity dist.tarball --json`
// (the operator's npm, so a registry mirror or an .npmrc is honoured).

#include <chrono>
#include <map>
#include <string>

#include "compiler/process.h"
#include "compiler/status.h"
#include "schema/lock_file.h"

namespace clawform {

struct NpmOptions {
  std::string npm = "npm";  // a path, or a name looked up on PATH
  std::chrono::milliseconds timeout{120'000};
};

// The registry's entry for name@version as a LockedPackage, or an error
// naming the package and the command ("no such version" included).
Result<LockedPackage> npm_view(const std::string& name, const std::string& version, const NpmOptions& options);

// npm_view in two halves, for a caller that runs the command itself (an
// apply, through its Host, so that the child is journaled): the request,
// and what its result says (`command`: the request's argv, formatted).
ProcessRequest npm_view_request(const std::string& name, const std::string& version, const NpmOptions& options);
Result<LockedPackage> read_npm_view(const ProcessResult& result, const std::string& command, const std::string& name,
                                    const std::string& version);

// The environment npm runs in: PATH, HOME, TMPDIR, the operator's npm_config_*
// and NPM_CONFIG_* settings (registry, cache, proxy), and how the host
// reaches the registry (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE/DIR, the *_PROXY
// variables); nothing else.
std::map<std::string, std::string> npm_environment();

}  // namespace clawform
