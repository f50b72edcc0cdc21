#pragma once
// The seam through which the applier changes the host, one plan step at a
// time. compiler/ declares it; backends/ implements it against the real
// host (or a --root sandbox).
//
// Contract for each step: save() records what run() may change and
// changes nothing; run() makes the step's change; undo() puts back what
// save() recorded, byte for byte, and may be called after run() failed
// part way, or after a crash in any of them. undo() must be idempotent: a
// crash during a rollback repeats it.

#include <string>

#include <nlohmann/json.hpp>

#include "compiler/plan.h"

namespace clawform {

struct StepStatus {
  bool ok = true;
  std::string message;  // what failed, naming the project and the command; never a secret

  static StepStatus success(std::string note = {}) { return {true, std::move(note)}; }
  static StepStatus failure(std::string why) { return {false, std::move(why)}; }
};

class StepExecutor {
 public:
  virtual ~StepExecutor() = default;
  // Records what `step` may change into `undo` (a JSON value with no secret
  // values; bytes go to files the executor keeps beside the journal).
  virtual StepStatus save(const Step& step, nlohmann::json& undo) = 0;
  virtual StepStatus run(const Step& step) = 0;
  virtual StepStatus undo(const Step& step, const nlohmann::json& undo) = 0;
  // Called once after the undos of a rollback: starts again the gateways
  // that were running before the apply (their undo only stopped them, since
  // their configuration was not restored yet). A success's message, when
  // not empty, says what was started (one line each) for the progress.
  virtual StepStatus finish_rollback() = 0;
};

}  // namespace clawform
