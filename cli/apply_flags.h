#pragma once
// What apply, recover and an in-place restore share: their flags, the
// ApplyRequest made from them, the confirmation prompt, and how the outcome
// is printed (cli/cmd_apply.cc implements them).

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "backends/apply_session.h"
#include "cli/host_flags.h"

namespace clawform::cli {

struct ApplyFlags {
  std::string target;
  bool auto_approve = false;
  bool no_rollback = false;
  bool rollback_all = false;
  bool resume = false;
  bool allow_destroy = false;
  bool service_manager = false;
  bool no_checklist = false;
  std::string format = "text";
  double health_timeout_seconds = 120;
  double step_timeout_seconds = 300;
  std::vector<std::string> projects;
  HostFlags host;
};

// --format, --health-timeout, --step-timeout, --service-manager and the host flags.
void add_progress_flags(CLI::App& app, ApplyFlags& flags);
// The request from `flags`; false (said on stderr) when CLAWFORM_FAULT is malformed.
bool make_apply_request(const ApplyFlags& flags, ApplyRequest& request);
// Asks "Apply these changes?" on a terminal unless `auto_approve`; false
// (said on stderr, nothing changed) when not confirmed.
bool confirm_apply(bool auto_approve);
// Prints the refusals or the report and the exit checklist; the exit code.
int finish_apply(const ApplySessionResult& result, bool recovering, bool json = false);

}  // namespace clawform::cli
