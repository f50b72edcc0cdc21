#pragma once
// The saved plan (`clawform plan --out FILE`, `--format json`): what apply
// executes and a change ticket quotes. One JSON document, documented in
// docs/plan-format.md. It carries the manifest it was computed from (text
// and digest) and the fingerprint of the live state, so apply and `show`
// can tell when the host has moved on since.
//
// Never holds a secret value: key files appear as key names and keyed
// digests only.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "compiler/host.h"
#include "compiler/live_fingerprint.h"
#include "compiler/live_state.h"
#include "compiler/plan.h"
#include "compiler/status.h"

namespace clawform {

inline constexpr int kPlanFormatVersion = 1;

struct PlanFile {
  std::string clawform_version;
  std::string manifest_path;     // as given on the command line
  std::string manifest_content;  // the manifest's bytes
  std::string manifest_sha256;
  std::string root;              // --root; "" for the real host
  bool real_users = false;       // --real-users (under --root: B's users are real OS users)
  std::string openclaw;          // the openclaw binary the service files run
  LiveFingerprint live;          // of the state planned against
  Plan plan;
};

// Builds a PlanFile: digests the manifest and fingerprints the live state.
PlanFile make_plan_file(Plan plan, const LiveState& live, const std::string& manifest_path,
                        const std::string& manifest_content, const std::string& root, const std::string& openclaw,
                        const std::string& clawform_version, const Digester& digester);

// The document's bytes: 2-space JSON with sorted keys and a final newline.
// Consumes `file` (its steps move into the text one at a time: at 10,000
// projects a copy costs more than planning); pass a copy to keep it.
std::string plan_file_bytes(PlanFile file);

// Throws nlohmann::json::exception on a malformed document or an
// unsupported format_version. Callers outside compiler/ use read_plan_file().
PlanFile plan_file_from_json(const nlohmann::json& json);

// A saved plan's bytes parsed; an error (the parser's message, without the
// file's name: the caller adds it) when they are not JSON or not a plan.
Result<PlanFile> read_plan_file(std::string_view bytes);

}  // namespace clawform
