#pragma once
// The StepExecutor of a real host (or a --root sandbox): what each kind of
// plan step does, what it saves first, and how it is undone.
//
//   kind                 saves (backends/path_snapshot.h)          runs
//   state_dir, secrets_dir, workspace
//                        the directory (not its tree)              mkdir -p, chmod
//   key_file             the file (0600 copy beside the journal)   write NAME=VALUE lines, 0600
//   config               openclaw.json(.bak), the fingerprint key,
//                        state/ (the state DB)                     openclaw config patch; config validate
//   plugin               as config, plus npm/ and tmp/             openclaw plugins install --pin [--force],
//                                                                  enable, uninstall --force
//   service              the service file                          write it (0644)
//   gateway restart      whether it was running                    stop, start, wait for /health
//   health check         nothing                                   wait for /health live and /ready ready
//   deletes              (remove_projects) the service file; the state dir is moved into the journal
//
// Undo restores what was saved; a gateway's undo stops it and, when it was
// running before, finish_rollback() starts it again once the files are back.
// A config or plugin undo stops the instance's running gateway first (it
// holds the state DB open) and has it started again the same way.
// Key values are read from their references only while writing a key file,
// and must have the digests the reviewed plan recorded.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backends/gateway_control.h"
#include "compiler/host.h"
#include "compiler/instance_layout.h"
#include "compiler/step_executor.h"
#include "schema/model.h"

namespace clawform {

struct HostExecutorOptions {
  std::string openclaw;     // the binary
  std::string journal_dir;  // saved copies go to <journal_dir>/saved/<step>/
  std::chrono::milliseconds command_timeout{300'000};  // plugin installs download
  std::chrono::milliseconds health_timeout{120'000};
};

class HostExecutor : public StepExecutor {
 public:
  // `manifest` is the plan's own copy; `digester` must use the host's digest key.
  HostExecutor(const Manifest& manifest, HostPaths paths, SecretSource& secrets, const Digester& digester,
               HostExecutorOptions options);

  StepStatus save(const Step& step, nlohmann::json& undo) override;
  StepStatus run(const Step& step) override;
  StepStatus undo(const Step& step, const nlohmann::json& undo) override;
  StepStatus finish_rollback() override;

 private:
  const InstanceLayout* layout_of(const Step& step) const;
  std::string saved_dir(const Step& step) const;
  GatewayControl& gateway(const InstanceLayout& layout);
  GatewayControlOptions gateway_options() const;
  void restart_later(const InstanceLayout* layout);
  StepStatus openclaw(const InstanceLayout& layout, const std::vector<std::string>& args, std::string* out = nullptr);
  StepStatus write_key_file(const Step& step);
  StepStatus patch_config(const Step& step, const InstanceLayout& layout);
  StepStatus change_plugin(const Step& step, const InstanceLayout& layout);

  const Manifest& manifest_;
  HostPaths paths_;
  SecretSource& secrets_;
  const Digester& digester_;
  HostExecutorOptions options_;
  std::vector<InstanceLayout> layouts_;            // kept instances, then remove_projects
  std::map<std::string, std::unique_ptr<GatewayControl>> gateways_;  // by instance
  std::vector<const InstanceLayout*> restart_after_rollback_;
};

}  // namespace clawform
