#include "backends/planner.h"

#include <fmt/format.h>

#include "backends/config_preflight.h"
#include "backends/digest.h"
#include "backends/journal_file.h"
#include "backends/os_accounts.h"
#include "backends/secret_source.h"
#include "backends/steps/step_handlers.h"
#include "compiler/live_fingerprint.h"
#include "compiler/diff.h"
#include "compiler/instance_layout.h"

namespace clawform {

PlanOutcome make_plan(const PlanRequest& request, SecretSource& secrets) {
  PlanOutcome outcome;
  outcome.validation = request.manifest_content
                           ? validate_text(request.manifest_file, *request.manifest_content, /*strict=*/false)
                           : validate_file(request.manifest_file, /*strict=*/false);
  if (!outcome.manifest_valid()) return outcome;
  const Manifest& manifest = *outcome.validation.manifest;

  std::vector<PlanError> account_errors;
  HostPaths paths = resolve_host_paths(manifest, request.discover.root, request.discover.real_home,
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
  Result<std::string> key = load_or_create_digest_key(paths.clawform_dir);
  if (!key) {
    outcome.errors.push_back({"", "the host's digest key: " + key.message()});
    return outcome;
  }
  KeyedDigester digester(*key);
  std::vector<PlanError> errors;
  DesiredState desired = compile_desired(manifest, paths, request.discover.openclaw, secrets, digester, errors);
  if (!errors.empty()) {  // no use asking the host: the plan cannot be made
    outcome.errors = std::move(errors);
    return outcome;
  }
  DiscoverOptions discover_options = request.discover;
  discover_options.digest_key = *key;
  outcome.live = discover(manifest, discover_options);
  Plan plan = diff(manifest, desired, outcome.live, std::move(errors), {.allow_destroy = request.allow_destroy});
  describe_undo(plan);
  if (!plan.errors.empty()) {
    outcome.errors = std::move(plan.errors);
    return outcome;
  }
  plan.waivers = gateway_auth_waivers(manifest);
  if (request.preflight) {
    outcome.errors = preflight_config(plan, desired, paths, discover_options);
    if (!outcome.errors.empty()) return outcome;
  }
  outcome.file = make_plan_file(std::move(plan), outcome.live, request.manifest_file, outcome.validation.source,
                                request.discover.root, request.discover.openclaw, request.clawform_version, digester);
  // Without --root real users are the rule, not a choice to record.
  outcome.file->real_users = request.discover.real_users && !request.discover.root.empty();
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
  LiveState live = discover(*validation.manifest, as_planned);
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
