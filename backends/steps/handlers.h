#pragma once
// One handler per kind of step (compiler/step.h), each in its own file:
// what it saves before the step changes anything, how it runs the step,
// how it undoes it, and the words the plan uses for that undo. The words
// and the act live side by side so that they cannot drift apart.
//
// Contract, for every handler:
//   save()  records what run() may change (a JSON value with no secret in
//           it; copies go under ctx.saved_dir(step)) and changes nothing
//           the undo would not put back;
//   run()   makes the change; on success returns a note for the progress
//           line (often "");
//   undo()  puts back what save() recorded. It may be called after run()
//           failed part way, after save() alone, or after a crash in any of
//           them, and again after a crash during itself: it is idempotent.
//   undo_text() says, for the plan, how undo() will undo the step.
//
// handler_for(target) picks the handler by the target's type, so a target
// type without a handler does not compile (step_handlers.cc visits them).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backends/steps/step_context.h"
#include "compiler/status.h"
#include "compiler/step.h"

namespace clawform {

#define CLAWFORM_STEP_HANDLER(Handler, Target)                                                  \
  struct Handler {                                                                              \
    static Result<nlohmann::json> save(const Step& step, const Target& target, StepContext& ctx); \
    static Result<std::string> run(const Step& step, const Target& target, StepContext& ctx);     \
    static Status undo(const Step& step, const Target& target, const nlohmann::json& record,     \
                       StepContext& ctx);                                                        \
    static std::string undo_text(const Step& step, const Target& target);                       \
  };                                                                                            \
  inline Handler handler_for(const Target&) { return {}; }

CLAWFORM_STEP_HANDLER(DirHandler, DirTarget)          // dir_step.cc: state_dir, secrets_dir, workspace
CLAWFORM_STEP_HANDLER(KeyFileHandler, KeyFileTarget)  // key_file_step.cc
CLAWFORM_STEP_HANDLER(OpenClawHandler, OpenClawTarget)  // openclaw_step.cc
CLAWFORM_STEP_HANDLER(ConfigHandler, ConfigTarget)    // config_step.cc
CLAWFORM_STEP_HANDLER(PluginHandler, PluginTarget)    // plugin_step.cc
CLAWFORM_STEP_HANDLER(ServiceHandler, ServiceTarget)  // service_step.cc
CLAWFORM_STEP_HANDLER(GatewayHandler, GatewayTarget)  // gateway_step.cc
CLAWFORM_STEP_HANDLER(HealthHandler, HealthTarget)    // health_step.cc
CLAWFORM_STEP_HANDLER(LingerHandler, LingerTarget)    // linger_step.cc
CLAWFORM_STEP_HANDLER(DoctorHandler, DoctorTarget)    // doctor_step.cc
CLAWFORM_STEP_HANDLER(RestoreHandler, RestoreTarget)  // restore_step.cc

#undef CLAWFORM_STEP_HANDLER

// The steps that change one file or directory save it, and put it back,
// the same way (instance_files.cc).
Result<nlohmann::json> save_path(const Step& step, const std::string& path, StepContext& ctx);
Status restore_saved(const Step& step, const nlohmann::json& record, StepContext& ctx);

// Topology B on real users (InstanceLayout::account): gives `path`, and its
// ancestors inside the user's home (mkdir -p made them as root), to the
// instance's user. Nothing to do for other instances. instance_files.cc.
Status give_to_instance_user(const Step& step, const std::string& path, StepContext& ctx);

// Config and plugin steps change the same files of an instance: openclaw.json
// (and its .bak and fingerprint key), state/ (the state DB) and, for plugins,
// npm/ and tmp/ (instance_files.cc).
Result<nlohmann::json> save_instance_files(const Step& step, bool with_packages, StepContext& ctx);
// Stops the instance's running gateway first (it holds the state DB open)
// and has finish_rollback() start it again.
Status restore_instance_files(const Step& step, const nlohmann::json& record, StepContext& ctx);

// Waits until the gateway on `port` passes the health gate
// (compiler/health_gate.h) against `ready_before` (nullptr: the gateway did
// not answer before the apply), or `timeout` passes. Returns the verdict's
// text, which names the endpoints that decided; the error says what it last
// saw. health_step.cc.
Result<std::string> wait_until_healthy(Host& host, int port, std::chrono::milliseconds timeout,
                                       const std::vector<std::string>* ready_before);
// Waits only for /health live and /startupz started: a gateway a rollback
// starts again runs the configuration it ran before, and /ready is not its
// to answer for.
Status wait_until_up(Host& host, int port, std::chrono::milliseconds timeout);

}  // namespace clawform
