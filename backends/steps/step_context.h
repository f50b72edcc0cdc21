#pragma once
// What every step handler works with: the Host it acts through, where it
// saves what it may change, how it reaches openclaw and the key values, and
// the gateways a rollback must start again at its end.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/health_gate.h"
#include "compiler/host.h"
#include "compiler/instance_layout.h"
#include "compiler/status.h"
#include "compiler/step.h"

namespace clawform {

struct StepContext {
  Host& host;
  SecretSource& secrets;
  const Digester& digester;  // the host's digest key: the plan's key digests
  HostPaths paths;
  std::string openclaw;      // the binary
  std::chrono::milliseconds command_timeout{300'000};  // plugin installs download
  std::chrono::milliseconds health_timeout{120'000};
  // What each instance's /ready reported failing before the apply's first
  // step (compiler/health_gate.h): health steps ignore those failures.
  ReadyBaseline ready_before;
  // Gateways a rollback stopped that ran before the apply: started again
  // by finish_rollback() once every file is back.
  std::vector<std::shared_ptr<const InstanceLayout>> restart_after_rollback;

  // Where step `step` saves its copies: .clawform/journal/saved/<index>
  std::string saved_dir(const Step& step) const;
  // The directory missing ancestors are not searched above: --root, or "/".
  std::string floor() const { return paths.root.empty() ? "/" : paths.root; }
  // Runs `openclaw [--profile P] ARGS` for the instance (backends/openclaw_cli.h);
  // on failure the Status names the command and openclaw's reason.
  Result<std::string> openclaw_run(const InstanceLayout& instance, const std::vector<std::string>& args);
  void restart_later(const std::shared_ptr<const InstanceLayout>& instance);
};

// The step's instance; REQUIRES: bind_instances() set it.
const InstanceLayout& instance_of(const Step& step);

}  // namespace clawform
