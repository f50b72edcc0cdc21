#pragma once
// A host that exists only in memory, for golden tests and the benchmark:
// secret values derived from the key references (unique per reference, so
// a test can search every output for them), a fixed digest key, and live
// states synthesized from a desired state — a fresh host (nothing there) or
// a converged one (everything as desired, every gateway live and ready).

#include <set>
#include <string>

#include "backends/secret_source.h"
#include "compiler/desired.h"
#include "compiler/live_state.h"

namespace clawform::testing {

// Every reference resolves to "canary-<n>-<reference>" with a distinct n;
// `handed_out` keeps each value returned, for leak searches.
class CanarySecrets : public SecretSource {
 public:
  Result<std::string> read_value(const KeyRef& ref) override;
  const std::set<std::string>& handed_out() const { return handed_out_; }

 private:
  std::set<std::string> handed_out_;
};

inline constexpr const char* kFixtureDigestKey = "clawform-fixture-digest-key-0001";

// The same desired state for the same manifest, every run.
DesiredState fixture_desired(const Manifest& manifest, const std::string& root, SecretSource& secrets,
                             std::vector<PlanError>& errors);

// The openclaw path service files name in fixtures.
inline constexpr const char* kFixtureOpenclaw = "/opt/openclaw/bin/openclaw";

LiveState fresh_live(const DesiredState& desired, const std::string& root);
LiveState converged_live(const DesiredState& desired, const std::string& root);

}  // namespace clawform::testing
