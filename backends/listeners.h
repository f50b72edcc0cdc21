#pragma once
// The TCP sockets listening on this machine, for the plan's port check
// (compiler/port_check.h). Linux: /proc/net/tcp and tcp6 (every user's
// sockets), each socket's process found through /proc/<pid>/fd where
// readable. Elsewhere (macOS): `lsof -nP -iTCP -sTCP:LISTEN -FpRcn`.

#include <functional>
#include <string>
#include <vector>

#include "compiler/port_check.h"
#include "compiler/status.h"

namespace clawform {

// The listeners whose port `wanted` accepts (processes are looked up only
// for those). An error when neither source can be read.
Result<std::vector<Listener>> listening_sockets(const std::function<bool(int)>& wanted);

// Parsing, exposed for tests. `proc_net_tcp`: the text of /proc/net/tcp or
// tcp6; returns (port, uid, inode) of each LISTEN row.
struct ProcSocket {
  int port = 0;
  long uid = -1;
  unsigned long inode = 0;
};
std::vector<ProcSocket> parse_proc_net_tcp(const std::string& proc_net_tcp);
// `lsof -F pRcn` output.
std::vector<Listener> parse_lsof_listeners(const std::string& lsof_output);

}  // namespace clawform
