#pragma once
// Which of the two moved when a saved plan's key file no longer fits the
// host: the value a key's reference gives (the manifest's env var or file
// changed), or the key file itself (edited on the host, not by clawform).
// apply says so instead of the same words for both, so the operator knows
// whether to look at the secret store or at the host.
//
// From digests only: the saved plan's (the values its key-file step would
// write, as the references gave them when it was planned), the fresh
// plan's (as they give them now) and the live key file's, plus the live
// fingerprint's `files` group of the instance (whether the host's files
// moved at all). A saved plan without a key-file step for a project saw
// the file already holding what the references gave.

#include <map>
#include <string>

#include "compiler/live_fingerprint.h"
#include "compiler/live_state.h"
#include "compiler/plan.h"

namespace clawform {

// Step address ("project.acme.key_file") -> what moved, for each key-file
// step that differs between `saved` and `now`, or that is in both alike
// while its instance's files moved. Empty when no key file drifted.
std::map<std::string, std::string> key_file_drift(const Plan& saved, const Plan& now, const LiveState& live_now,
                                                  const LiveFingerprint& planned, const LiveFingerprint& now_fp);

}  // namespace clawform
