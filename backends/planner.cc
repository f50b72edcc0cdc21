#include "backends/planner.h"

#include <fmt/format.h>

#include "backends/config_preflight.h"
#include "backends/digest.h"
#include "backends/journal_file.h"
#include "backends/listeners.h"
#include "backends/os_accounts.h"
#include "backends/secret_source.h"
#include "backends/steps/step_handlers.h"
#include "backends/unchecked_secrets.h"
#include "compiler/live_fingerprint.h"
#include "compiler/diff.h"
#include "compiler/instance_layout.h"
#include "compiler/offline/aligned_state.h"
#include "compiler/port_check.h"
#include "compiler/project_filter.h"
#include "schema/lock_file.h"
#include "schema/port_plan.h"

namespace clawform {

namespace {

// Every port an instance reserves must be free, or its own gateway's.
void check_ports(const Manifest& manifest, const HostPaths& paths, const LiveState& live,
                 std::vector<PlanError>& errors) {
  const std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  std::vector<bool> reserved(65536, false);
  for (const InstanceLayout& layout : layouts) {
    if (layout.port < 1 || layout.port > 65535) continue;
    for (const ReservedPorts& r : reserved_ports(layout.port, instance_browser(manifest, layout)))
      for (int port = r.first; port <= r.last; ++port) reserved[static_cast<std::size_t>(port)] = true;
  }
  // The ports gateways listen on now, to tell their own listeners apart.
  for (const InstanceState& i : live.instances)
    if (std::optional<int> port = i.config.gateway_port(); port && *port > 0 && *port < 65536)
      reserved[static_cast<std::size_t>(*port)] = true;
  Result<std::vector<Listener>> listeners =
      listening_sockets([&](int port) { return port > 0 && port < 65536 && reserved[static_cast<std::size_t>(port)]; });
  if (!listeners) {
    errors.push_back({"", listeners.message()});
    return;
  }
  for (PlanError& e : check_reserved_ports(manifest, layouts, live, *listeners)) errors.push_back(std::move(e));
}

// Each plugin install or update carries the integrity the lock holds for
// its package@version (plan refuses a pin the lock does not cover, so every
// one has it): the reviewed plan names the bytes, and apply checks them.
void attach_integrities(Plan& plan, const LockFile& lock) {
  for (Step& step : plan.steps) {
    if (OpenClawTarget* release = std::get_if<OpenClawTarget>(&step.target); release && release->node_major) {
      if (const LockedPackage* locked = lock.find("openclaw", release->version)) release->integrity = locked->integrity;
      continue;
    }
    if (step.kind != StepKind::Plugin || step.action == Action::Delete) continue;
    PluginTarget& target = std::get<PluginTarget>(step.target);
    if (const LockedPackage* locked = lock.find(target.package, target.version)) target.integrity = locked->integrity;
  }
}

PlanOutcome plan_unscrubbed(const PlanRequest& request, SecretSource& secrets) {
  PlanOutcome outcome;
  outcome.validation = request.manifest_content
                           ? validate_text(request.manifest_file, *request.manifest_content, /*strict=*/false)
                           : validate_file(request.manifest_file, /*strict=*/false);
  std::optional<LockFile> lock;
  if (outcome.validation.manifest) lock = check_manifest_lock(*outcome.validation.manifest, outcome.validation.diagnostics);
  if (!outcome.manifest_valid()) return outcome;
  std::optional<Manifest> selected;
  if (!request.projects.empty()) {
    Result<Manifest> limited = select_projects(*outcome.validation.manifest, request.projects);
    if (!limited) {
      outcome.errors.push_back({"", limited.message()});
      return outcome;
    }
    selected = std::move(*limited);
  }
  const Manifest& manifest = selected ? *selected : *outcome.validation.manifest;

  const RecordedLiveState* recorded = request.recorded ? &*request.recorded : nullptr;
  HostPaths paths;
  if (recorded) {
    paths = recorded->host.paths;
  } else {
    std::vector<PlanError> account_errors;
    paths = resolve_host_paths(manifest, request.discover.root, request.discover.real_home,
                               request.discover.real_users, &account_errors);
    if (!account_errors.empty()) {
      outcome.errors = std::move(account_errors);
      return outcome;
    }
    if (journal_exists(paths.clawform_dir)) {
      outcome.errors.push_back({"", fmt::format("an apply on this host did not finish ({} exists); run `clawform "
                                                "recover` before planning", journal_paths(paths.clawform_dir).records)});
      return outcome;
    }
  }
  Result<std::string> key = recorded ? Result<std::string>(std::string()) : load_or_create_digest_key(paths.clawform_dir);
  if (!key) {
    outcome.errors.push_back({"", "the host's digest key: " + key.message()});
    return outcome;
  }
  KeyedDigester host_digester(*key);
  UncheckedDigester unchecked_digester;
  UncheckedSecretSource unchecked_secrets;
  const Digester& digester = recorded ? static_cast<const Digester&>(unchecked_digester) : host_digester;
  std::vector<PlanError> errors;
  // Which instances the given openclaw serves depends on what it is.
  const GivenOpenClaw given = recorded ? recorded->host.openclaw : probe_given_openclaw(manifest, request.discover);
  DesiredState desired = compile_desired(manifest, paths, given, recorded ? unchecked_secrets : secrets, digester,
                                         errors);
  if (!errors.empty()) {  // no use asking the host: the plan cannot be made
    outcome.errors = std::move(errors);
    return outcome;
  }
  DiscoverOptions discover_options = request.discover;
  discover_options.digest_key = *key;
  if (recorded) {
    outcome.live = align_recorded_state(recorded->live, manifest, paths, given);
  } else {
    outcome.live = discover(manifest, discover_options);
    check_ports(manifest, paths, outcome.live, errors);
  }
  Plan plan = diff(manifest, desired, outcome.live, std::move(errors), {.allow_destroy = request.allow_destroy});
  describe_undo(plan);
  if (lock) attach_integrities(plan, *lock);
  if (!plan.errors.empty()) {
    outcome.errors = std::move(plan.errors);
    return outcome;
  }
  plan.waivers = gateway_auth_waivers(manifest);
  if (request.preflight && !recorded) {
    outcome.errors = preflight_config(plan, desired, paths, discover_options);
    if (!outcome.errors.empty()) return outcome;
  }
  const std::string& root = recorded ? recorded->live.root : request.discover.root;
  outcome.file = make_plan_file(std::move(plan), outcome.live, request.manifest_file, outcome.validation.source, root,
                                recorded ? recorded->host.openclaw.binary : request.discover.openclaw,
                                request.clawform_version, digester);
  // Without --root real users are the rule, not a choice to record.
  outcome.file->real_users = (recorded ? paths.real_users : request.discover.real_users) && !root.empty();
  outcome.file->plan.recorded_state = request.recorded_path;
  outcome.file->plan.projects = normalized_projects(request.projects);
  return outcome;
}

}  // namespace

PlanOutcome make_plan(const PlanRequest& request, SecretSource& secrets) {
  PlanOutcome outcome = plan_unscrubbed(request, secrets);
  // openclaw's words (a dry run's stderr, a discovery error) may quote a
  // key value the plan read: never into the output or the plan file.
  for (PlanError& e : outcome.errors) e.message = secrets.redact(std::move(e.message));
  for (InstanceState& instance : outcome.live.instances)
    for (DiscoveryError& e : instance.errors) e.message = secrets.redact(std::move(e.message));
  return outcome;
}

FreshnessCheck check_freshness(const PlanFile& file, const DiscoverOptions& options) {
  FreshnessCheck check;
  FileValidation validation = validate_text(file.manifest_path, file.manifest_content, /*strict=*/false);
  if (validation.diagnostics.has_errors() || !validation.manifest) {
    check.errors.push_back("the plan's copy of " + file.manifest_path + " no longer validates");
    return check;
  }
  DiscoverOptions as_planned = options;
  as_planned.real_users = as_planned.real_users || file.real_users;
  Manifest manifest = std::move(*validation.manifest);
  if (!file.plan.projects.empty()) {
    Result<Manifest> limited = select_projects(manifest, file.plan.projects);
    if (!limited) {
      check.errors.push_back(limited.message());
      return check;
    }
    manifest = std::move(*limited);
  }
  LiveState live = discover(manifest, as_planned);
  for (const InstanceState& i : live.instances)
    for (const DiscoveryError& e : i.errors) check.errors.push_back(fmt::format("{}: {}: {}", i.instance, e.step, e.message));
  if (!check.errors.empty()) return check;
  KeyedDigester content_only("");  // fingerprints hash content, no key involved
  LiveFingerprint now = fingerprint_live(live, content_only);
  check.current = now.overall == file.live.overall;
  if (!check.current) check.drift = fingerprint_drift(file.live, now);
  return check;
}

std::string render_plan_errors(const std::vector<PlanError>& errors) {
  std::string out;
  for (const PlanError& e : errors)
    out += e.project.empty() ? fmt::format("error: {}\n", e.message)
                             : fmt::format("error: project {}: {}\n", e.project, e.message);
  return out;
}

}  // namespace clawform
