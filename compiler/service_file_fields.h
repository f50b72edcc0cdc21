#pragma once
// The fields of a written service file that must agree with the manifest,
// read back from its text: the gateway's profile (--profile), port (--port)
// and state dir (OPENCLAW_STATE_DIR). A launchd plist is read from its
// ProgramArguments and EnvironmentVariables, a systemd unit from its
// ExecStart= and Environment= lines (with systemd's quoting and %%
// escapes). The service step checks every file it writes with these
// (backends/steps/service_step.cc). Pure text: nothing here touches the host.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/instance_layout.h"
#include "compiler/status.h"

namespace clawform {

struct ServiceFileFields {
  std::vector<std::string> argv;                                 // the command line, binary first
  std::vector<std::pair<std::string, std::string>> environment;  // in file order
  std::optional<std::string> profile;                            // --profile P
  std::optional<int> port;                                       // --port N
  std::optional<std::string> state_dir;                          // OPENCLAW_STATE_DIR
};

// `manager` is "launchd" or "systemd". Fails naming what is missing or
// malformed (no ProgramArguments, an unterminated quote, ...).
Result<ServiceFileFields> read_service_fields(const std::string& manager, const std::string& text);
// The program a service file runs (its command's first word); "" when it
// cannot be read or names none.
std::string service_program(const std::string& manager, const std::string& text);

// Whether the service file text at `path` runs `layout`'s gateway: fails
// naming each field that differs, e.g. "<path>: --port is 18790, the
// manifest says 18789".
Status check_service_fields(const std::string& path, const std::string& text, const InstanceLayout& layout);

}  // namespace clawform
