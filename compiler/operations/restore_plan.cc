#include "compiler/operations/restore_plan.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

// The first component of `path` below `dir`, or "" when it is not below it.
std::string top_level_name(const std::string& dir, const std::string& path) {
  const std::string prefix = dir + "/";
  if (!path.starts_with(prefix)) return "";
  const std::string rest = path.substr(prefix.size());
  return rest.substr(0, rest.find('/'));
}

}  // namespace

std::vector<std::string> kept_on_restore(const InstanceLayout& layout) {
  std::vector<std::string> keep = {".env", "credentials", "npm"};
  for (const ProjectLayout& p : layout.projects)
    for (const std::string& path : {p.key_file, p.secrets_dir})
      if (std::string name = top_level_name(layout.state_dir, path); !name.empty()) keep.push_back(name);
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  return keep;
}

Plan plan_restore_in_place(const Manifest& manifest, const InstanceLayout& layout, const InstanceState& live,
                           const RestoreSource& source) {
  Plan plan;
  plan.fleet = manifest.fleet;
  plan.topology = std::string(topology_name(manifest.topology));
  const std::string project = manifest.topology == Topology::A ? "default" : layout.projects.front().project;
  const std::string prefix = manifest.topology == Topology::A ? "instance.default" : "project." + project;
  if (manifest.topology != Topology::A) plan.projects = {project};

  Step restore;
  restore.index = 1;
  restore.address = prefix + ".state";
  restore.project = project;
  restore.kind = StepKind::Restore;
  restore.action = Action::Replace;
  restore.destructive = true;
  restore.before = {{"state_dir", layout.state_dir},
                    {"exists", live.state_dir_path.exists},
                    {"openclaw_version", live.openclaw_version.value_or("")}};
  restore.after = {{"state_dir", layout.state_dir},
                   {"from_backup", source.index},
                   {"backup_created_at", source.created_at},
                   {"openclaw_version", source.openclaw_version}};
  RestoreTarget target{source.archive, source.sha256, source.archived_state_dir, kept_on_restore(layout)};
  restore.reason = fmt::format("restore from the backup of {} (kept as they are: {})", source.created_at,
                               fmt::join(target.keep, ", "));
  restore.target = std::move(target);

  Step restart;
  restart.index = 2;
  restart.address = prefix + ".gateway";
  restart.project = project;
  restart.kind = StepKind::Gateway;
  restart.action = Action::Restart;
  restart.before = {{"port", live.gateway.port}, {"status", live.gateway.live() ? "live" : "not running"}};
  restart.after = {{"port", layout.port}, {"status", "live"}};
  restart.reason = "start it on the restored state";
  restart.depends_on = {1};
  restart.target = GatewayTarget{layout.port, layout.service_name};

  Step check;
  check.index = 3;
  check.address = prefix + ".gateway";
  check.project = project;
  check.kind = StepKind::Health;
  check.action = Action::Check;
  check.after = {{"passes_on", "/health live, /startupz started"},
                 {"ready", "compared with before the restore: only a new failure fails the check"}};
  check.reason = "after restart";
  check.depends_on = {2};
  check.target = HealthTarget{layout.port};

  plan.steps = {std::move(restore), std::move(restart), std::move(check)};
  return plan;
}

}  // namespace clawform
