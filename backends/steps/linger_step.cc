// linger steps: `loginctl enable-linger USER` for a topology B user on
// Linux, so that the user's systemd manager, and the gateway's user unit
// with it, runs without a login session. logind records it as the file
// /var/lib/systemd/linger/USER, which discovery reads and run() checks.
// The undo disables it again only when the user did not linger before.
//
// loginctl is looked up on clawform's own PATH (an operator's stand-in
// comes first there), with the usual system directories after it.
#include <cstdlib>

#include <fmt/format.h>

#include "backends/process_runner.h"
#include "backends/steps/handlers.h"

namespace clawform {

namespace {

Status loginctl(const Step& step, const char* verb, const LingerTarget& target, StepContext& ctx) {
  ProcessRequest request;
  request.argv = {"loginctl", verb, target.user};
  const char* path = std::getenv("PATH");
  request.env = {{"PATH", std::string(path && *path ? path : "/usr/local/bin:/usr/bin:/bin") +
                              ":/usr/local/sbin:/usr/sbin:/sbin"},
                 {"LANG", "C.UTF-8"}};
  request.cwd = "/";
  request.timeout = ctx.command_timeout;
  request.tag = step.project;
  ProcessResult result = ctx.host.run(request);
  if (!result.succeeded())
    return Status::error(fmt::format("`{}`: {}{}", format_argv(request.argv), result.describe(),
                                     result.err_tail(3).empty() ? "" : ": " + result.err_tail(3)));
  return Status::ok();
}

}  // namespace

Result<nlohmann::json> LingerHandler::save(const Step&, const LingerTarget& target, StepContext& ctx) {
  return nlohmann::json{{"lingered", ctx.host.stat(target.path).exists}};
}

Result<std::string> LingerHandler::run(const Step& step, const LingerTarget& target, StepContext& ctx) {
  if (ctx.host.stat(target.path).exists) return std::string();  // a crash after loginctl: done
  if (Status enabled = loginctl(step, "enable-linger", target, ctx); !enabled) return enabled;
  if (!ctx.host.stat(target.path).exists)
    return Status::error(fmt::format("`loginctl enable-linger {}` succeeded, but {} is absent: is systemd-logind "
                                     "running?",
                                     target.user, target.path));
  return std::string();
}

Status LingerHandler::undo(const Step& step, const LingerTarget& target, const nlohmann::json& record,
                           StepContext& ctx) {
  if (record.value("lingered", true)) return Status::ok();  // it lingered before: leave it
  if (!ctx.host.stat(target.path).exists) return Status::ok();  // never enabled, or disabled already
  return loginctl(step, "disable-linger", target, ctx);
}

std::string LingerHandler::undo_text(const Step&, const LingerTarget& target) {
  return fmt::format("loginctl disable-linger {} (it did not linger)", target.user);
}

}  // namespace clawform
