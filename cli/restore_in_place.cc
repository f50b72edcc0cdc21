#include "cli/restore_in_place.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "backends/digest.h"
#include "backends/discover.h"
#include "backends/file_io.h"
#include "backends/os_accounts.h"
#include "backends/secret_source.h"
#include "backends/steps/step_handlers.h"
#include "cli/plan_output.h"
#include "compiler/operations/backup_index.h"
#include "compiler/operations/restore_plan.h"
#include "compiler/plan_file.h"
#include "compiler/project_filter.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

int fail(const std::string& message) {
  std::fputs(fmt::format("clawform: {}; nothing was changed\n", message).c_str(), stderr);
  return 1;
}

Result<BackupIndex> read_index(const std::string& path) {
  Result<std::string> text = read_file(path);
  if (!text) return text.status();
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::error(fmt::format("{}: not JSON", path));
  Result<BackupIndex> index = backup_index_from_json(doc);
  if (!index) return index.status().prefixed(path + ": ");
  return index;
}

// The manifest the restore is planned from. Topology A: one instance serves
// every project, so --project P names that instance and the whole manifest
// is kept (select_projects refuses A: a plan of one project alone cannot be
// made there). B and C: P's alone.
Result<Manifest> manifest_for_project(const Manifest& manifest, const std::string& project) {
  if (manifest.topology != Topology::A) return select_projects(manifest, {project});
  for (const Project& p : manifest.projects)
    if (p.name == project) return manifest;
  return Status::error(fmt::format("--project {}: {} has no project {}", project, manifest.path, project));
}

}  // namespace

int run_restore_in_place(const std::string& index_path, const std::string& manifest_file, const ApplyFlags& flags) {
  if (flags.projects.size() != 1) return fail("an in-place restore names one project: --project NAME");
  const std::string& project = flags.projects.front();
  Result<BackupIndex> index = read_index(index_path);
  if (!index) return fail(index.message());
  FileValidation validation = validate_file(manifest_file, /*strict=*/false);
  if (validation.diagnostics.has_errors()) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    return 1;
  }
  if (validation.manifest->fleet != index->fleet)
    return fail(fmt::format("{} is a backup of fleet {}, and {} describes fleet {}", index_path, index->fleet,
                            manifest_file, validation.manifest->fleet));
  Result<Manifest> manifest = manifest_for_project(*validation.manifest, project);
  if (!manifest) return fail(manifest.message());

  ApplyRequest request;
  if (!make_apply_request(flags, request)) return 1;
  HostPaths paths = resolve_host_paths(*manifest, request.discover.root, request.discover.real_home,
                                       request.discover.real_users);
  const std::vector<InstanceLayout> layouts = layout_instances(*manifest, paths);
  if (layouts.empty()) return fail(fmt::format("project {} has no instance in {}", project, manifest_file));
  const InstanceLayout& layout = layouts.front();
  const BackupInstance* backed_up = index->find(layout.instance);
  if (!backed_up)
    return fail(fmt::format("{} holds no backup of instance {} (project {})", index_path, layout.instance, project));
  const BackupFile* archive = nullptr;
  for (const BackupFile& file : backed_up->files)
    if (file.role == "state") archive = &file;
  if (!archive) return fail(fmt::format("{}: instance {} has no state archive", index_path, layout.instance));
  const std::string set_dir = std::filesystem::absolute(index_path).parent_path().string();

  Result<std::string> key = load_or_create_digest_key(paths.clawform_dir);
  if (!key) return fail("the host's digest key: " + key.message());
  KeyedDigester digester(*key);
  DiscoverOptions discover_options = request.discover;
  discover_options.digest_key = *key;
  const LiveState live = discover(*manifest, discover_options);
  if (live.instances.empty())
    return fail(fmt::format("project {}: the instance could not be discovered: no live state", project));
  if (const InstanceState& instance = live.instances.front(); !instance.complete())
    return fail(fmt::format("project {}: the instance could not be discovered: {} failed: {}", project,
                            instance.errors.front().step, instance.errors.front().message));
  const InstanceState& now = live.instances.front();

  RestoreSource source{.index = index_path, .created_at = index->created_at,
                       .archive = set_dir + "/" + archive->path, .sha256 = archive->sha256,
                       .archived_state_dir = backed_up->state_dir, .openclaw_version = backed_up->openclaw_version};
  Plan plan = plan_restore_in_place(*manifest, layout, now, source);
  if (!now.openclaw_binary.empty() && now.openclaw_binary != request.discover.openclaw)
    plan.instance_openclaw[layout.instance] = now.openclaw_binary;
  describe_undo(plan);
  PlanFile file = make_plan_file(std::move(plan), live, manifest_file, validation.source, request.discover.root,
                                 request.discover.openclaw, CLAWFORM_VERSION, digester);
  file.real_users = request.discover.real_users && !request.discover.root.empty();
  std::fputs(render_plan(file, "text", stdout_wants_color(), "this restore's plan").c_str(), stdout);
  if (!confirm_apply(flags.auto_approve)) return 1;
  HostSecretSource secrets;
  return finish_apply(apply_made_plan(file, live, request, secrets), false, flags.format == "json");
}

}  // namespace clawform::cli
