#pragma once
// The service definition that runs an instance's gateway: a launchd plist
// (macOS) or a systemd user unit (Linux). Deterministic text: the same
// layout and binary give the same bytes.

#include <string>

#include "compiler/instance_layout.h"

namespace clawform {

std::string render_service_file(const InstanceLayout& layout, const std::string& openclaw_binary);

}  // namespace clawform
