#pragma once
// What `clawform status` reads from a host, per project, without ever
// starting openclaw: the service state (Host::gateway_running: the sandbox
// runner's pid file, or launchctl/systemctl), the gateway's /health,
// /startupz (which names the OpenClaw it runs) and /ready, the plugin
// versions npm recorded in the instance's npm projects, and disk use.

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/host.h"
#include "compiler/instance_layout.h"
#include "compiler/operations/status_report.h"
#include "schema/model.h"

namespace clawform {

struct StatusSampleOptions {
  std::chrono::milliseconds probe_timeout{2'000};  // per probe request
  unsigned jobs = 0;  // instances read at once; 0: one per core
};

// Every project of `manifest`, in manifest order.
std::vector<ProjectStatus> sample_projects(Host& host, const Manifest& manifest, const HostPaths& paths,
                                           const StatusSampleOptions& options = {});

// Of `packages`, those installed in the npm projects under `state_dir`
// (<state_dir>/npm/projects/<dir>/, staging dirs starting with "." left
// out): a project installs the packages its package-lock.json's root
// package depends on, at the version its packages["node_modules/<name>"]
// entry records (backends/npm_install_record.h). A lock that cannot be
// read or parsed gives an error to each wanted package found in no other.
std::map<std::string, InstalledPackage> installed_packages(const std::string& state_dir,
                                                           const std::set<std::string>& packages);

// A project's disk use is the sum of these two. In topology A the state dir
// is the instance's, shared by its projects: each project's figure holds it.
// The bytes of the state dir without its top-level cache/ and tmp/
// (inventory_tree).
std::uint64_t state_dir_bytes(const std::string& state_dir);
// The bytes of `workspace` when it lies outside `state_dir`; 0 when inside
// (already counted).
std::uint64_t workspace_bytes(const std::string& workspace, const std::string& state_dir);

}  // namespace clawform
