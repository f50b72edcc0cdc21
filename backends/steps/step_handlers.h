#pragma once
// The StepExecutor of a host (real, under --root, or in memory in tests):
// each step goes to the handler of its kind (handlers.h). Also the undo
// words the plan shows, from the same handlers.

#include "backends/steps/step_context.h"
#include "compiler/plan.h"
#include "compiler/step_executor.h"

namespace clawform {

class StepHandlers : public StepExecutor {
 public:
  explicit StepHandlers(StepContext context) : ctx_(std::move(context)) {}

  Result<nlohmann::json> save(const Step& step) override;
  Result<std::string> run(const Step& step) override;
  Status undo(const Step& step, const nlohmann::json& record) override;
  // By the record's shape, which is the host's: saved paths are compared
  // with their copies (Host::verify_paths), a directory moved into the
  // journal must be back, a gateway must be stopped (one that ran before is
  // started again by finish_rollback(), which waits for its health).
  Result<std::string> verify_undone(const Step& step, const nlohmann::json& record) override;
  // Starts again, on the port its restored openclaw.json names, each gateway
  // a rollback stopped that ran before; waits until each is healthy.
  Result<std::string> finish_rollback() override;

 private:
  // Every message and detail leaves with the key values read in this run
  // scrubbed out (SecretSource::redact): openclaw's words are in them.
  Status scrubbed(Status status) const;
  Result<std::string> scrubbed(Result<std::string> result) const;
  Result<std::string> restart_stopped_gateways();

  StepContext ctx_;
};

// Fills every step's `undo` with its handler's words.
void describe_undo(Plan& plan);

}  // namespace clawform
