#pragma once
// `clawform restore INDEX --project P` without --drill: the plan that puts
// one instance's state back from a backup (docs/operations.md). Three
// steps, applied with the journal and rollback like any plan:
//   restore  stop the gateway, save the whole state dir into the journal,
//            put the archive's state in its place (key files, credentials
//            and plugin packages stay: RestoreTarget::keep)
//   gateway  start it again on the manifest's port
//   health   /health live and /startupz started (compiler/health_gate.h)
// Pure: the caller has read the backup's index and checked the project.

#include <string>
#include <vector>

#include "compiler/instance_layout.h"
#include "compiler/live_state.h"
#include "compiler/plan.h"
#include "schema/model.h"

namespace clawform {

// One instance's state archive in a backup set.
struct RestoreSource {
  std::string index;               // the set's index.json (for the plan's words)
  std::string created_at;          // when the backup was made
  std::string archive;             // host path of the instance's state.tar.gz
  std::string sha256;              // the index's digest of it
  std::string archived_state_dir;  // the backed-up instance's state dir
  std::string openclaw_version;    // what it ran then
};

// The top-level names under `layout`'s state dir a restore leaves as they
// are: the key file and secrets dir (a backup keeps them apart, encrypted),
// OpenClaw's credentials/, and npm/ (OpenClaw does not archive plugin
// packages; the pins of the manifest are what the host has).
std::vector<std::string> kept_on_restore(const InstanceLayout& layout);

// The plan; `live` is the instance as discovered now (the before of each
// step). The steps' undo words are the handlers' (describe_undo()).
Plan plan_restore_in_place(const Manifest& manifest, const InstanceLayout& layout, const InstanceState& live,
                           const RestoreSource& source);

}  // namespace clawform
