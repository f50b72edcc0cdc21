#pragma once
// The service definition that runs an instance's gateway: a launchd plist
// (macOS) or a systemd user unit (Linux). Deterministic text: the same
// layout and binary give the same bytes.

#include <string>
#include <utility>
#include <vector>

#include "compiler/instance_layout.h"

namespace clawform {

std::string render_service_file(const InstanceLayout& layout, const std::string& openclaw_binary);

// What runs an instance's gateway, wherever it is started (the service file
// here, the sandbox runner in backends/gateway_control.cc): openclaw's
// arguments after the binary and --profile...
std::vector<std::string> gateway_run_args(int port);
// ...and the environment that isolates the instance (every openclaw call
// for it gets the same: backends/openclaw_cli.h), guard_environment() included.
std::vector<std::pair<std::string, std::string>> instance_environment(const InstanceLayout& layout);

// The switches that keep OpenClaw's own updater and doctor's service repair
// off an instance clawform manages: OPENCLAW_NO_AUTO_UPDATE=1 and
// OPENCLAW_SERVICE_REPAIR_POLICY=external (docs/apply.md, "OpenClaw's own
// updaters").
std::vector<std::pair<std::string, std::string>> guard_environment();

}  // namespace clawform
