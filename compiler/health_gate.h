#pragma once
// The health gate a restarted gateway must pass (docs/apply.md, "The health
// gate"). /health live and /startupz started decide that it is up. /ready
// is compared with what it said before the apply: only a subsystem that
// fails after the restart and did not fail before fails the gate, so that a
// provider outage older than the change does not roll the change back.
// Pure: the caller probes (backends/steps/health_step.cc) and waits.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/live_state.h"

namespace clawform {

// What /ready reports failing: {} when ready, its "failing" list when not
// (one "(unnamed)" entry when a not-ready answer names nothing); nullopt
// when /ready gave no gateway answer at all.
std::optional<std::vector<std::string>> ready_failures(const GatewayState& gateway);

// Instance name -> what its gateway's /ready reported failing, for every
// instance whose gateway answered /ready: the "before" of the gate, taken
// from the discovery apply makes before its first step.
using ReadyBaseline = std::map<std::string, std::vector<std::string>>;
ReadyBaseline ready_baseline(const LiveState& live);

struct HealthVerdict {
  bool up = false;      // /health live and /startupz started
  bool passed = false;  // up, and /ready fails nothing it did not fail before
  // Which endpoint decided, for the progress line or the error:
  // "healthy: /health live, /startupz started; /ready: telegram failing before and after, ignored"
  // "/health live, /startupz started; /ready: discord failing after the restart and not before"
  std::string text;
};

// `before`: what /ready reported failing before the apply; nullptr when the
// gateway did not answer then (every failure counts as new).
HealthVerdict judge_health(const GatewayState& now, const std::vector<std::string>* before);

}  // namespace clawform
