#include "compiler/port_check.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "schema/port_plan.h"

namespace clawform {

bool instance_browser(const Manifest& manifest, const InstanceLayout& layout) {
  bool on = layout.projects.empty();
  for (const ProjectLayout& pl : layout.projects)
    for (const Project& p : manifest.projects)
      if (p.name == pl.project) on = on || p.browser;
  return on;
}

namespace {

const InstanceState* live_instance(const LiveState& live, const std::string& instance) {
  for (const InstanceState& i : live.instances)
    if (i.instance == instance) return &i;
  return nullptr;
}

std::string describe(const Listener& l) {
  if (l.pid <= 0) return l.uid >= 0 ? fmt::format("a process of uid {} (pid not visible)", l.uid) : "a process";
  return l.command.empty() ? fmt::format("pid {}", l.pid) : fmt::format("pid {} ({})", l.pid, l.command);
}

}  // namespace

std::vector<PlanError> check_reserved_ports(const Manifest& manifest, const std::vector<InstanceLayout>& layouts,
                                            const LiveState& live, const std::vector<Listener>& listeners) {
  std::multimap<int, const Listener*> by_port;
  for (const Listener& l : listeners) by_port.emplace(l.port, &l);
  std::vector<PlanError> errors;
  for (const InstanceLayout& layout : layouts) {
    if (layout.port < 1 || layout.port > 65535) continue;
    const std::string project = manifest.topology == Topology::A ? "" : layout.instance;
    // The instance's own gateway: what listens on the port it answers on.
    std::vector<const Listener*> gateway;
    auto take = [&](int port) {
      auto [from, to] = by_port.equal_range(port);
      for (auto it = from; it != to; ++it) gateway.push_back(it->second);
    };
    if (const InstanceState* state = live_instance(live, layout.instance)) {
      if (state->gateway.live()) take(state->gateway.port);
      // A gateway this plan moves still listens where its config says.
      if (std::optional<int> old = state->config.gateway_port(); old && *old != state->gateway.port) take(*old);
    }
    auto own = [&](const Listener& l) {
      return std::any_of(gateway.begin(), gateway.end(), [&](const Listener* g) {
        if (g->pid > 0 && l.pid > 0) return l.pid == g->pid || l.ppid == g->pid;
        return l.pid <= 0 && l.uid >= 0 && l.uid == g->uid;
      });
    };
    const bool browser = instance_browser(manifest, layout);
    std::vector<int> reported;  // a port listened on over IPv4 and IPv6 is one error
    for (const ReservedPorts& r : reserved_ports(layout.port, browser)) {
      for (auto it = by_port.lower_bound(r.first); it != by_port.end() && it->first <= r.last; ++it) {
        const Listener& l = *it->second;
        if (own(l) || std::find(reported.begin(), reported.end(), l.port) != reported.end()) continue;
        reported.push_back(l.port);
        const std::string range = r.first == r.last ? "" : fmt::format(" ({}-{})", r.first, r.last);
        errors.push_back(
            {project,
             fmt::format("port {} is in use by {}, not by this instance's gateway: a gateway on port {} takes it for "
                         "its {}{}. Stop that process, or move the gateway to a port P where P..P+{} is free{}",
                         l.port, describe(l), layout.port, r.role, range, minimum_gateway_spacing(browser) - 1,
                         browser && r.role.starts_with("browser") ? " (or turn the browser off: browser: false)"
                                                                  : "")});
      }
    }
  }
  return errors;
}

}  // namespace clawform
