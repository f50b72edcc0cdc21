#pragma once
// Diff: desired state vs live state -> an ordered Plan.
//
// Per instance, in manifest order, steps come in phases: state dir, secrets
// dirs and workspaces, key files, config values, plugins, service, gateway
// restart, health check; each phase depends on the one before. What the
// manifest does not name is listed as unmanaged and never touched. Deletions
// happen only for names in remove_projects / remove_plugins, and a plan that
// deletes more than one project, or more than 30% of a project's managed
// plugins, is refused unless `allow_destroy`.
//
// Where the host runs another openclaw or Node than the manifest pins, the
// plan carries it as version drift (compiler/version_pin.h), not as steps.
//
// Steps come without their undo text: the handler that will carry a step
// out describes how it undoes it (describe_undo(), backends/steps/), so the
// plan's promise and the act have one source.

#include "compiler/desired.h"
#include "compiler/live_state.h"
#include "compiler/plan.h"
#include "schema/model.h"

namespace clawform {

struct DiffOptions {
  bool allow_destroy = false;
};

// `errors` from compile_desired are carried into the plan.
Plan diff(const Manifest& manifest, const DesiredState& desired, const LiveState& live,
          std::vector<PlanError> errors, const DiffOptions& options = {});

// "@openclaw/nostr@2026.9.5" -> "@openclaw/nostr".
std::string package_of_install_spec(const std::string& spec);

}  // namespace clawform
