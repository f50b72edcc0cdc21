#pragma once
// The seam through which the applier changes the host, one plan step at a
// time. compiler/ declares it; backends/steps/ implements it (StepHandlers,
// one handler per kind of step) over a Host.
//
// Contract for each step: save() records what run() may change and
// changes nothing; run() makes the step's change; undo() puts back what
// save() recorded, byte for byte, and may be called after run() failed
// part way, or after a crash in any of them. undo() must be idempotent: a
// crash during a rollback repeats it.

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/plan.h"
#include "compiler/status.h"

namespace clawform {

class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  // What `step` may change, as a JSON value with no secret values in it
  // (bytes go to files the executor keeps beside the journal).
  virtual Result<nlohmann::json> save(const Step& step) = 0;
  // Makes the change; the value is a note for the progress line (often "").
  virtual Result<std::string> run(const Step& step) = 0;
  virtual Status undo(const Step& step, const nlohmann::json& undo) = 0;
  // Right after undo(): whether the host is again what `undo` (the record
  // save() wrote) says it was. An error names what differs (the undo did
  // not put it back); a value, when the step's record leaves something
  // that cannot be compared, says what ("" when all of it was).
  virtual Result<std::string> verify_undone(const Step& step, const nlohmann::json& undo) = 0;
  // Called once after the undos of a rollback: starts again the gateways
  // that were running before the apply (their undo only stopped them, since
  // their configuration was not restored yet). The value says what was
  // started, one line each, for the progress ("" when nothing was).
  virtual Result<std::string> finish_rollback() = 0;
};

}  // namespace clawform
