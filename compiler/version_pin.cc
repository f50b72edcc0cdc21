#include "compiler/version_pin.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

void add(std::vector<VersionDrift>& out, std::string what, std::string host, std::string pinned,
         const std::vector<std::string>& projects) {
  auto same = std::find_if(out.begin(), out.end(), [&](const VersionDrift& d) {
    return d.what == what && d.host == host && d.pinned == pinned;
  });
  if (same == out.end()) {
    out.push_back({std::move(what), std::move(host), std::move(pinned), projects});
    return;
  }
  same->projects.insert(same->projects.end(), projects.begin(), projects.end());
}

// The version `instance` must run: its project's own pin, else the fleet's
// (the projects of one instance share one: lint openclaw-version-topology-a).
const std::string& pinned_version(const Manifest& manifest, const InstanceState& instance) {
  for (const std::string& name : instance.projects)
    for (const Project& p : manifest.projects)
      if (p.name == name) return project_openclaw_version(manifest, p);
  return manifest.openclaw.version;
}

}  // namespace

bool moves_openclaw(const DesiredInstance& desired, const InstanceState& live) {
  return live.openclaw_binary.empty() ? desired.openclaw.release.has_value()
                                      : live.openclaw_binary != desired.openclaw.binary;
}

std::vector<VersionDrift> version_drift(const Manifest& manifest, const DesiredState& desired, const LiveState& live) {
  std::vector<VersionDrift> openclaw, node;
  const OpenClawPin& pin = manifest.openclaw;
  for (const InstanceState& i : live.instances) {
    if (std::any_of(desired.instances.begin(), desired.instances.end(),
                    [&](const DesiredInstance& d) { return d.layout.instance == i.instance && moves_openclaw(d, i); }))
      continue;
    const std::string runs = i.openclaw_version.value_or("unknown");
    const std::string& version = pinned_version(manifest, i);
    if (runs != version) add(openclaw, "openclaw", runs, version, i.projects);
    const std::optional<int> major = i.node_version ? major_of(*i.node_version) : std::nullopt;
    if (major != pin.node_major)
      add(node, "node", i.node_version.value_or("unknown"), std::to_string(pin.node_major), i.projects);
  }
  openclaw.insert(openclaw.end(), node.begin(), node.end());
  return openclaw;
}

std::string describe_drift(const VersionDrift& d) {
  const std::string pinned = d.what == "node" ? fmt::format("Node {}", d.pinned) : d.pinned;
  const std::string runs = d.host == "unknown" ? fmt::format("the host's {} version is unknown", d.what)
                                               : fmt::format("the host runs {}", d.host);
  return fmt::format("{}: {}, the manifest pins {} (project{} {})", d.what, runs, pinned,
                     d.projects.size() == 1 ? "" : "s", fmt::join(d.projects, ", "));
}

std::vector<std::string> version_refusal(const std::vector<VersionDrift>& drift) {
  std::vector<std::string> out = {
      "the host does not run the versions the manifest pins (openclaw.version, openclaw.node_major); apply refuses "
      "until they agree: install the pinned versions, or pin what the host runs, then make a new plan:"};
  for (const VersionDrift& d : drift) out.push_back("  " + describe_drift(d));
  return out;
}

}  // namespace clawform
