#pragma once
// The openclaw CLI, run for one instance with that instance's isolation:
// HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH always set, --profile in
// topology C, `sudo -n -u USER -H -- env -i VARS...` for topology B on real
// OS users (InstanceLayout::account) unless clawform already is USER. The child
// gets a minimal environment: nothing of clawform's own (no operator secrets)
// except how the host reaches the npm registry (CA bundle, proxy, npm cache;
// see kPassedThrough in openclaw_cli.cc).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backends/process_runner.h"
#include "compiler/instance_layout.h"

namespace clawform {

// Finds the openclaw binary: `flag` (--openclaw), then $CLAWFORM_OPENCLAW,
// then .deps/bin/openclaw in a parent of clawform's own executable, then
// PATH. nullopt when none is an executable file; `tried` lists where it looked.
std::optional<std::string> find_openclaw(const std::string& flag, std::vector<std::string>& tried);

class OpenClawCli {
 public:
  // Who runs openclaw follows from `layout` alone (its account); the host's
  // paths are already in it. The binary is the layout's own (an instance on
  // another OpenClaw than the given one), else `binary`.
  OpenClawCli(std::string binary, const InstanceLayout& layout, const HostPaths& /*paths*/,
              std::chrono::milliseconds timeout)
      : binary_(layout.openclaw.empty() ? std::move(binary) : layout.openclaw), layout_(layout), timeout_(timeout) {}

  // The request that runs `openclaw [--profile P] ARGS...` for this instance,
  // as its user, with `extra_env` added to the instance's environment (it
  // survives the switch to the user, as the instance's own variables do).
  ProcessRequest request(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& extra_env = {}) const;
  // The same without the switch to the instance's user: for a caller that
  // switches itself (the sandbox runner forks, then setuid()s).
  ProcessRequest direct_request(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& extra_env = {}) const;
  // Whether request() runs openclaw through sudo.
  bool switches_user() const;

  ProcessResult run(const std::vector<std::string>& args) const { return run_process(request(args)); }

  const std::string& binary() const { return binary_; }

 private:
  std::string binary_;
  const InstanceLayout& layout_;
  std::chrono::milliseconds timeout_;
};

// "exit 3: <stderr tail or the JSON error's message>", for error reports.
std::string describe_failure(const ProcessResult& result);

}  // namespace clawform
