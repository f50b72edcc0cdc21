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
// domain) or a systemd user unit (systemctl --user), each found on PATH and
// given the service file the service step wrote. `service_manager` makes a
// --root apply take that path too (clawform apply --service-manager), with
// stand-ins for launchctl and systemctl on PATH.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "compiler/instance_layout.h"
#include "compiler/process.h"
#include "compiler/status.h"

namespace clawform {

class GatewayControl {
 public:
  virtual ~GatewayControl() = default;
  // Whether this control's gateway is running now.
  virtual bool running() = 0;
  // Starts the gateway on `port` (stopping the one running first) and waits
  // until it answers /health there, or fails naming why.
  virtual Status start(int port) = 0;
  // Stops the gateway if it runs; success when it was not running.
  virtual Status stop() = 0;
};

struct GatewayControlOptions {
  std::string openclaw;  // the binary
  std::chrono::milliseconds start_timeout{120'000};
  std::chrono::milliseconds stop_timeout{20'000};
  // Under --root too, gateways go through launchctl/systemctl instead of
  // the sandbox runner. (Without --root they always do.)
  bool service_manager = false;
  // The apply's watch over the children it starts: the sandbox runner's
  // gateway and the service manager's CLI are recorded before they run,
  // and a signal stops a start that waits for health.
  ChildWatch children;
  // Added to the sandbox runner's gateway environment (a restore drill's
  // scratch gateway: channels and cron off, a throwaway token). Not used
  // through a service manager, whose service file says the environment.
  std::map<std::string, std::string> environment{};
};

std::unique_ptr<GatewayControl> make_gateway_control(const InstanceLayout& layout, const HostPaths& paths,
                                                     const GatewayControlOptions& options);

}  // namespace clawform
