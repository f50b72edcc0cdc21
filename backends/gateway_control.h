#pragma once
// Starting and stopping one instance's gateway, and waiting for it to be
// healthy.
//
// Under --root (tests, demos) the sandbox runner starts `openclaw gateway
// run --port P --bind loopback` as a detached process in its own session,
// with the instance's isolation (backends/openclaw_cli.h), its output in
// <root>/.clawform/run/<instance>.log and its pid in the layout's pid file.
// It only ever stops a process its pid file names, and only when that
// process is still an openclaw one. On a real host the service manager does
// it: launchd (launchctl bootstrap/kickstart/bootout in the user's GUI
// domain) or a systemd user unit (systemctl --user).

#include <chrono>
#include <memory>
#include <string>

#include "compiler/instance_layout.h"
#include "compiler/step_executor.h"

namespace clawform {

class GatewayControl {
 public:
  virtual ~GatewayControl() = default;
  // Whether this control's gateway is running now.
  virtual bool running() = 0;
  // Starts the gateway (stopping the one running first) and waits until it
  // answers /health at the instance's port, or fails naming why.
  virtual StepStatus restart() = 0;
  // Stops the gateway if it runs; success when it was not running.
  virtual StepStatus stop() = 0;
};

struct GatewayControlOptions {
  std::string openclaw;  // the binary
  std::chrono::milliseconds start_timeout{120'000};
  std::chrono::milliseconds stop_timeout{20'000};
};

std::unique_ptr<GatewayControl> make_gateway_control(const InstanceLayout& layout, const HostPaths& paths,
                                                     const GatewayControlOptions& options);

// Polls /health and /ready on 127.0.0.1:`port` until the gateway reports
// live and ready, or `timeout` passes (then says what it last saw).
StepStatus wait_until_healthy(int port, std::chrono::milliseconds timeout);

}  // namespace clawform
