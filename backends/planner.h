#pragma once
// `clawform plan` as a library call: validate the manifest, discover the
// live state, compile the desired state, diff, and wrap the result as a
// plan file. The CLI renders what comes back; apply calls it to re-check a
// saved plan against the host.

#include <optional>
#include <string>
#include <vector>

#include "backends/discover.h"
#include "compiler/desired.h"
#include "compiler/host.h"
#include "compiler/offline/recorded_host.h"
#include "compiler/plan_file.h"
#include "schema/validate.h"

namespace clawform {

struct PlanRequest {
  std::string manifest_file;
  // The manifest's text when it is already in memory (apply re-planning a
  // saved plan's copy); else it is read from manifest_file.
  std::optional<std::string> manifest_content;
  DiscoverOptions discover;  // root, openclaw binary, jobs, timeouts
  bool allow_destroy = false;
  // Dry-run each config step with openclaw (see config_preflight.h). apply
  // re-planning a saved plan turns it off: the plan was checked when made.
  bool preflight = true;
  std::string clawform_version;
  // --project: plan only these projects (compiler/project_filter.h); empty:
  // all. Recorded in the plan file.
  std::vector<std::string> projects{};
  // `plan --live-state FILE`: plan against this recorded live state, offline
  // (compiler/offline/): no openclaw, no host, no key value read, no port or
  // config dry run checked; the plan says so and records `recorded_path`.
  std::optional<RecordedLiveState> recorded{};
  std::string recorded_path{};
};

struct PlanOutcome {
  FileValidation validation;  // on errors here nothing else was done
  LiveState live;
  std::vector<PlanError> errors;  // the plan cannot be made; `file` is unset
  std::optional<PlanFile> file;

  bool manifest_valid() const { return !validation.diagnostics.has_errors() && validation.manifest; }
};

PlanOutcome make_plan(const PlanRequest& request, SecretSource& secrets);

// The plan file's live fingerprint recomputed against the host now, with
// what drifted (see live_drift). Discovery problems come back in `errors`.
struct FreshnessCheck {
  bool current = false;
  std::vector<std::string> drift;
  std::vector<std::string> errors;
};
FreshnessCheck check_freshness(const PlanFile& file, const DiscoverOptions& options);

// One line per plan error: "error: project acme: key ANTHROPIC_API_KEY ...".
std::string render_plan_errors(const std::vector<PlanError>& errors);

}  // namespace clawform
