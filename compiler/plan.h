#pragma once
// A plan: the ordered steps that take the host from its live state to the
// desired state. A value: compared, rendered and saved, never executed here
// (compiler/applier does that). Same inputs, same plan: no timestamps, no
// map-order noise.

#include <map>
#include <string>
#include <vector>

#include "compiler/desired.h"
#include "compiler/step.h"
#include "compiler/version_pin.h"

namespace clawform {

struct Plan {
  std::string fleet;
  std::string topology;
  // --project: the projects the plan is limited to (sorted; empty: all).
  // Apply re-plans with the same limit (compiler/project_filter.h).
  std::vector<std::string> projects{};
  // `plan --live-state FILE`: the recorded live state it was planned from
  // (compiler/offline/); "" when planned against the live host. Such a plan
  // read no key value, ran no openclaw and checked no port: apply plans the
  // live host and refuses it where that plan differs.
  std::string recorded_state{};
  std::vector<Step> steps;
  std::vector<std::string> unmanaged;  // found on the host, not named by the manifest: left alone
  // Guard rails the manifest waives on purpose, one plain sentence each
  // (e.g. a project's unauthenticated_gateway opt-out); shown in every render.
  std::vector<std::string> waivers;
  // Where the host's openclaw or Node differs from the manifest's pins
  // (compiler/version_pin.h): drift lines in every render; apply refuses.
  std::vector<VersionDrift> version_drift;
  // The instances that run a release clawform installs, not the given
  // openclaw: instance -> its launcher (compiler/instance_openclaw.h). Apply
  // binds them so (plan_binding.h), as planned, not derived again.
  std::map<std::string, std::string> instance_openclaw{};
  std::vector<PlanError> errors;

  struct Counts {
    int create = 0, update = 0, destroy = 0, replace = 0, restart = 0, check = 0;
  };
  Counts counts() const;
  // Anything other than checks.
  bool has_changes() const;
  bool has_destructive() const;
};

}  // namespace clawform
