#include "schema/lints.h"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "schema/names.h"
#include "schema/port_plan.h"

namespace clawform {

namespace {

constexpr LintInfo kCatalog[] = {
    {"file-unreadable", Severity::Error, "the manifest is missing, a directory or cannot be read"},
    {"file-too-large", Severity::Error, "the manifest is larger than 8 MiB"},
    {"file-encoding", Severity::Error, "the manifest is not UTF-8"},
    {"file-empty", Severity::Error, "the manifest holds nothing"},
    {"yaml-syntax", Severity::Error, "the manifest is not well-formed YAML (or holds several documents)"},
    {"yaml-duplicate-key", Severity::Error, "a mapping names the same key twice"},
    {"yaml-depth-limit", Severity::Error, "nesting is deeper than 64 levels"},
    {"yaml-alias-limit", Severity::Error, "aliases expand past 100,000 nodes, or an alias refers to its own container"},
    {"unknown-key", Severity::Error, "a key the manifest format does not define (with \"did you mean\")"},
    {"missing-field", Severity::Error, "a required key is absent"},
    {"wrong-type", Severity::Error, "a value of the wrong type (string, integer, boolean, mapping, list)"},
    {"invalid-value", Severity::Error, "a value outside its allowed set or range"},
    {"bad-name", Severity::Error, "a project, fleet, user, key, variable or package name of the wrong shape"},
    {"key-inline-value", Severity::Error, "a secret value written where a key reference belongs"},
    {"port-missing", Severity::Error, "a topology B or C project without a gateway port"},
    {"port-ignored", Severity::Warning, "a topology A project sets a port; A runs one gateway on the range's first port"},
    {"port-out-of-range", Severity::Error, "a project port outside gateway.ports"},
    {"port-collision", Severity::Error, "two projects on the same gateway port"},
    {"port-overlap", Severity::Error,
     "two gateways whose derived ports (MCP App sandbox, browser control, relays, CDP) overlap"},
    {"profile-reserved", Severity::Error,
     "a topology C project named like a profile OpenClaw reserves (default, dev; gateway, node on macOS)"},
    {"key-shared", Severity::Error, "one key reference used by two projects"},
    {"plugin-unpinned", Severity::Error, "a plugin without an exact version"},
    {"prerelease-outside-canary", Severity::Error,
     "a prerelease plugin or OpenClaw, channel beta, or update channel beta/dev outside a canary project"},
    {"canary-multiple", Severity::Warning, "more than one canary project"},
    {"plugin-openclaw-skew", Severity::Warning,
     "an official @openclaw/* plugin newer than openclaw.version (it requires the OpenClaw of its own "
     "release)"},
    {"topology-a-plugin-mismatch", Severity::Error, "topology A projects pin the same plugin at different versions"},
    {"hardware-floor", Severity::Warning, "the host is below the topology's memory or disk floor"},
    {"project-density", Severity::Warning, "more projects than the host's memory comfortably runs"},
    {"bind-without-auth", Severity::Error, "a gateway bound beyond loopback without auth"},
    {"gateway-auth-none", Severity::Error,
     "a topology B or C project whose gateway runs without auth, with neither gateway_token nor the "
     "unauthenticated_gateway opt-out"},
    {"gateway-auth-none-loopback", Severity::Warning,
     "topology A's one gateway runs without auth on loopback, and gateway.auth does not say so"},
    {"gateway-auth-shared", Severity::Error,
     "a topology B or C fleet-wide gateway.auth token or password that several projects would share"},
    {"gateway-auth-not-applicable", Severity::Error,
     "gateway_token or unauthenticated_gateway on a topology A project, or both on one project"},
    {"user-missing", Severity::Error, "a topology B project without an OS user"},
    {"user-not-applicable", Severity::Error, "an OS user set on a topology A or C project"},
    {"user-shared", Severity::Error, "two topology B projects with the same OS user"},
    {"workspace-shared", Severity::Error, "two projects with the same workspace directory"},
    {"model-missing", Severity::Error, "a project with no model and no defaults.model"},
    {"model-format", Severity::Error, "a model not written as provider/model"},
    {"openclaw-version", Severity::Error, "openclaw.version (or a project's) is not an exact version"},
    {"openclaw-version-topology-a", Severity::Error,
     "a project pins its own OpenClaw in topology A, where one instance serves every project"},
    {"openclaw-ahead-of-canary", Severity::Warning,
     "a project that is not the canary pinned to an OpenClaw newer than every canary's"},
    {"openclaw-node", Severity::Error, "openclaw.node_major below 24 (OpenClaw 2026.9 needs Node 24)"},
    {"remove-conflict", Severity::Error, "a project or plugin both kept and listed for removal"},
    {"backup-recipient", Severity::Error,
     "a backup recipient that is not an age X25519 recipient (age1 + bech32), an age identity pasted in "
     "its place, or an empty recipient list"},
};

struct Floor {
  int memory_gb;
  int disk_gb;
};

Floor hardware_floor(Topology topology) {
  switch (topology) {
    case Topology::A: return {24, 512};
    case Topology::B: return {48, 1024};
    case Topology::C: return {64, 2048};
  }
  return {0, 0};
}

bool is_beta_channel(UpdateChannel c) { return c == UpdateChannel::Beta || c == UpdateChannel::Dev; }

class Linter {
 public:
  Linter(const Manifest& m, Diagnostics& d) : m_(m), d_(d) {}

  void run() {
    ports();
    port_overlaps();
    profiles();
    keys();
    plugins();
    canaries();
    hardware();
    gateway_auth();
    users();
    workspaces();
    models();
    openclaw();
    removals();
  }

 private:
  void error(std::string_view id, SourceLocation at, std::string message) {
    d_.error(id, m_.path, at, std::move(message));
  }
  void warning(std::string_view id, SourceLocation at, std::string message) {
    d_.warning(id, m_.path, at, std::move(message));
  }

  void ports() {
    const PortRange& range = m_.gateway.ports;
    const bool range_known = range.first > 0;
    std::unordered_map<int, const Project*> owner;
    for (const Project& p : m_.projects) {
      if (m_.topology == Topology::A) {
        if (p.port)
          warning("port-ignored", p.port_location,
                  fmt::format("topology A runs one gateway on port {}; projects.{}.port is ignored",
                              range.first, p.name));
        continue;
      }
      if (!p.port) {
        if (!p.port_location.known())
          error("port-missing", p.location,
                fmt::format("project \"{}\" needs a gateway port (topology {} runs a gateway per project)",
                            p.name, topology_name(m_.topology)));
        continue;
      }
      if (range_known && !range.contains(*p.port))
        error("port-out-of-range", p.port_location,
              fmt::format("port {} of project \"{}\" is outside gateway.ports {}-{}", *p.port, p.name,
                          range.first, range.last));
      auto [it, inserted] = owner.try_emplace(*p.port, &p);
      if (!inserted)
        error("port-collision", p.port_location,
              fmt::format("port {} is already used by project \"{}\" (line {})", *p.port, it->second->name,
                          it->second->port_location.line));
    }
  }

  // Every B/C gateway's reserved ports (schema/port_plan.h) against every
  // other's: swept in port order, so a fleet of thousands stays cheap.
  void port_overlaps() {
    if (m_.topology == Topology::A) return;
    struct Span {
      std::size_t project;
      ReservedPorts ports;
    };
    std::vector<Span> spans;
    for (std::size_t i = 0; i < m_.projects.size(); ++i) {
      const Project& p = m_.projects[i];
      if (!p.port || *p.port < 1 || *p.port > 65535) continue;
      for (const ReservedPorts& r : reserved_ports(*p.port, p.browser)) spans.push_back({i, r});
    }
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
      return a.ports.first != b.ports.first ? a.ports.first < b.ports.first : a.project < b.project;
    });
    struct Overlap {
      int first = 0, last = 0;
      std::vector<std::string_view> roles;  // what the lower gateway uses the ports for
    };
    std::map<std::pair<std::size_t, std::size_t>, Overlap> overlaps;  // (lower, higher gateway port)
    auto note = [](std::vector<std::string_view>& roles, std::string_view role) {
      if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    };
    std::vector<const Span*> active;
    for (const Span& s : spans) {
      std::erase_if(active, [&](const Span* a) { return a->ports.last < s.ports.first; });
      for (const Span* a : active) {
        if (a->project == s.project) continue;
        const Project& pa = m_.projects[a->project];
        const Project& ps = m_.projects[s.project];
        if (*pa.port == *ps.port) continue;  // port-collision
        const bool a_lower = *pa.port < *ps.port;
        auto key = a_lower ? std::pair(a->project, s.project) : std::pair(s.project, a->project);
        const int first = std::max(a->ports.first, s.ports.first);
        const int last = std::min(a->ports.last, s.ports.last);
        auto [it, inserted] = overlaps.try_emplace(key, Overlap{first, last, {}});
        Overlap& o = it->second;
        if (!inserted) {
          o.first = std::min(o.first, first);
          o.last = std::max(o.last, last);
        }
        note(o.roles, a_lower ? a->ports.role : s.ports.role);
      }
      active.push_back(&s);
    }
    // Reported at the higher gateway's port, in manifest order.
    std::vector<std::pair<std::pair<std::size_t, std::size_t>, Overlap>> ordered(overlaps.begin(), overlaps.end());
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first.second < b.first.second; });
    auto join = [](const std::vector<std::string_view>& roles) {
      std::string out;
      for (std::size_t i = 0; i < roles.size(); ++i)
        out += fmt::format("{}{}", i == 0 ? "" : i + 1 == roles.size() ? " and " : ", ", roles[i]);
      return out;
    };
    for (const auto& [pair, o] : ordered) {
      const Project& low = m_.projects[pair.first];
      const Project& high = m_.projects[pair.second];
      const std::string ports = o.first == o.last ? std::to_string(o.first) : fmt::format("{}-{}", o.first, o.last);
      std::string fix = fmt::format("Move {} to port {} or above", high.name,
                                    *low.port + minimum_gateway_spacing(low.browser));
      if (low.browser && *high.port >= *low.port + minimum_gateway_spacing(false))
        fix += fmt::format(", or set projects.{}.browser: false", low.name);
      error("port-overlap", high.port_location,
            fmt::format("project \"{}\" (gateway {}) and project \"{}\" (gateway {}, line {}) both reserve port{} {}, "
                        "{}'s {}: a gateway on P also takes P+1 and, with the browser on, P+2..P+110. {}",
                        high.name, *high.port, low.name, *low.port, low.port_location.line,
                        o.first == o.last ? "" : "s", ports, low.name, join(o.roles), fix));
    }
  }

  // OpenClaw 2026.9.6 gives some profile names a meaning of their own
  // (paths.ts resolveNativeServiceProfileConflict, profile.ts, profile-utils.ts).
  void profiles() {
    if (m_.topology != Topology::C) return;
    for (const Project& p : m_.projects) {
      std::string why;
      if (p.name == "default")
        why = "OpenClaw reads profile \"default\" as no profile: the instance would be the operator's default "
              "one (~/.openclaw)";
      else if (p.name == "dev")
        why = "OpenClaw gives profile \"dev\" port 19001 through OPENCLAW_GATEWAY_PORT, which outranks "
              "gateway.port";
      else if ((p.name == "gateway" || p.name == "node") && m_.host.os == HostOs::MacOS)
        why = fmt::format("on macOS it conflicts with a reserved LaunchAgent identity (ai.openclaw.{} is OpenClaw's "
                          "own), and OpenClaw skips service management for it",
                          p.name);
      if (!why.empty())
        error("profile-reserved", p.location,
              fmt::format("project \"{}\" would run as OpenClaw profile \"{}\": {}; rename the project", p.name,
                          p.name, why));
    }
  }

  void keys() {
    struct Use {
      const Project* project;
      const ProjectKey* key;
    };
    std::unordered_map<std::string, Use> first_use;
    for (const Project& p : m_.projects) {
      for (const ProjectKey& k : p.keys) {
        auto [it, inserted] = first_use.try_emplace(k.ref.describe(), Use{&p, &k});
        if (inserted || it->second.project == &p) continue;
        // The reference's line may hold more than the reference: mask it.
        auto field = [](const Project& owner, const ProjectKey& key) {
          return key.name == kGatewayTokenKey ? fmt::format("projects.{}.gateway_token", owner.name)
                                              : fmt::format("projects.{}.keys.{}", owner.name, key.name);
        };
        d_.add({Severity::Error, "key-shared",
                fmt::format("{} uses {}, which project \"{}\" already uses (line {}); "
                            "each project needs its own key",
                            field(p, k), k.ref.describe(), it->second.project->name,
                            it->second.key->ref.location.line),
                m_.path, k.ref.location, /*redact_source=*/true});
      }
    }
  }

  void plugins() {
    struct Pin {
      const Project* project;
      const PluginPin* pin;
    };
    std::unordered_map<std::string_view, Pin> shared;  // topology A: the first pin of each package
    for (const Project& p : m_.projects) {
      for (const PluginPin& pin : p.plugins) {
        if (!is_exact_version(pin.version)) {
          error("plugin-unpinned", pin.version_location,
                pin.version.empty()
                    ? fmt::format("plugin \"{}\" of project \"{}\" has no version; pin an exact one",
                                  pin.package, p.name)
                    : fmt::format("plugin \"{}\" of project \"{}\" is \"{}\", not an exact version (write "
                                  "MAJOR.MINOR.PATCH, e.g. 2026.9.5)",
                                  pin.package, p.name, pin.version));
          continue;
        }
        if (!p.canary && is_prerelease(pin.version))
          error("prerelease-outside-canary", pin.version_location,
                fmt::format("plugin \"{}\" {} is a prerelease; only a canary project (canary: true) may "
                            "run one",
                            pin.package, pin.version));
        else if (!p.canary && pin.channel == PluginChannel::Beta)
          error("prerelease-outside-canary", pin.channel_location,
                fmt::format("plugin \"{}\" is on channel beta; only a canary project (canary: true) may be",
                            pin.package));
        skew(p, pin);
        if (m_.topology != Topology::A) continue;
        auto [it, inserted] = shared.try_emplace(pin.package, Pin{&p, &pin});
        if (!inserted && it->second.pin->version != pin.version)
          error("topology-a-plugin-mismatch", pin.version_location,
                fmt::format("topology A shares one plugin set: \"{}\" is {} in project \"{}\" (line {}) "
                            "but {} here; pin one version or use topology C",
                            pin.package, it->second.pin->version, it->second.project->name,
                            it->second.pin->version_location.line, pin.version));
      }
      if (!p.canary && is_beta_channel(p.update_channel))
        error("prerelease-outside-canary",
              p.update_channel_location.known() ? p.update_channel_location : p.location,
              fmt::format("project \"{}\" follows update channel {}; only a canary project may",
                          p.name, update_channel_name(p.update_channel)));
    }
  }

  void canaries() {
    const Project* first = nullptr;
    for (const Project& p : m_.projects) {
      if (!p.canary) continue;
      if (first)
        warning("canary-multiple",
                p.location,
                fmt::format("project \"{}\" is a second canary (after \"{}\", line {}); keep prereleases "
                            "to one project",
                            p.name, first->name, first->location.line));
      else
        first = &p;
    }
  }

  void hardware() {
    const HostSpec& host = m_.host;
    if (host.memory_gb <= 0 || host.disk_gb <= 0) return;
    Floor floor = hardware_floor(m_.topology);
    if (host.memory_gb < floor.memory_gb || host.disk_gb < floor.disk_gb)
      warning("hardware-floor", host.location,
              fmt::format("topology {} wants at least {} GB memory and {} GB disk; this host has {} GB and {} GB",
                          topology_name(m_.topology), floor.memory_gb, floor.disk_gb, host.memory_gb,
                          host.disk_gb));
    int limit = recommended_project_limit(host.memory_gb);
    if (static_cast<int>(m_.projects.size()) > limit)
      warning("project-density", host.location,
              fmt::format("{} projects on {} GB of memory; about {} fit comfortably", m_.projects.size(),
                          host.memory_gb, limit));
  }

  void gateway_auth() {
    const Gateway& g = m_.gateway;
    const bool per_project = m_.topology != Topology::A;
    bool every_project_has_auth = per_project && !m_.projects.empty();
    for (const Project& p : m_.projects)
      if (project_auth_mode(m_, p) == AuthMode::None) every_project_has_auth = false;
    if (g.bind != BindMode::Loopback && g.auth.mode == AuthMode::None && !every_project_has_auth)
      error("bind-without-auth", g.bind_location,
            "a gateway bound beyond loopback needs gateway.auth (mode token, password or trusted-proxy)");
    if (!per_project) {
      // Written out, `gateway.auth: {mode: none}` is the acknowledgement.
      if (g.bind == BindMode::Loopback && g.auth.mode == AuthMode::None && !g.auth.location.known() &&
          !m_.projects.empty())
        warning("gateway-auth-none-loopback", m_.topology_location,
                "the one gateway runs without auth: any process on this host can drive every project's agent; "
                "write gateway.auth: {mode: none} to accept that, or use topology C with a gateway_token per "
                "project");
      for (const Project& p : m_.projects)
        for (SourceLocation at : {p.gateway_token_location, p.unauthenticated_gateway_location})
          if (at.known())
            error("gateway-auth-not-applicable", at,
                  fmt::format("projects.{} sets gateway auth of its own; topology A runs one gateway for every "
                              "project: set gateway.auth instead",
                              p.name));
      return;
    }
    for (const Project& p : m_.projects) {
      if (has_own_gateway_token(p) && p.unauthenticated_gateway_location.known())
        error("gateway-auth-not-applicable", p.unauthenticated_gateway_location,
              fmt::format("project \"{}\" has a gateway_token and opts out of gateway auth; keep one", p.name));
      if (g.bind == BindMode::Loopback && project_auth_mode(m_, p) == AuthMode::None &&
          !p.unauthenticated_gateway && !p.unauthenticated_gateway_location.known())
        error("gateway-auth-none", p.location,
              fmt::format("project \"{}\" runs its gateway without auth: loopback keeps the network out, not "
                          "the other tenants; another tenant on this host can drive its agent. Give it "
                          "projects.{}.gateway_token (its own key reference), or write "
                          "projects.{}.unauthenticated_gateway: \"<why>\" to opt out deliberately",
                          p.name, p.name, p.name));
    }
    // One project may use the fleet's secret; two would share it, and beside
    // a project's own token it is a second, unused one.
    const bool any_own = std::any_of(m_.projects.begin(), m_.projects.end(), has_own_gateway_token);
    if (g.auth.secret && (m_.projects.size() > 1 || any_own))
      d_.add({Severity::Error, "gateway-auth-shared",
              fmt::format("gateway.auth.{} is one secret for every project's gateway: each tenant holding it "
                          "can drive the others' agents. Remove it and give each project its own "
                          "projects.<name>.gateway_token",
                          g.auth.mode == AuthMode::Password ? "password" : "token"),
              m_.path, g.auth.secret->location, /*redact_source=*/true});
  }

  void users() {
    std::unordered_map<std::string_view, const Project*> owner;
    for (const Project& p : m_.projects) {
      if (m_.topology != Topology::B) {
        if (p.user_location.known())
          error("user-not-applicable", p.user_location,
                fmt::format("projects.{}.user applies to topology B only; topology {} runs every project as "
                            "the operator",
                            p.name, topology_name(m_.topology)));
        continue;
      }
      if (!p.user) {
        if (!p.user_location.known())
          error("user-missing", p.location,
                fmt::format("project \"{}\" needs a user: topology B runs each project as its own OS user",
                            p.name));
        continue;
      }
      auto [it, inserted] = owner.try_emplace(*p.user, &p);
      if (!inserted)
        error("user-shared", p.user_location,
              fmt::format("user \"{}\" already runs project \"{}\" (line {}); topology B needs one user per "
                          "project",
                          *p.user, it->second->name, it->second->user_location.line));
    }
  }

  void workspaces() {
    std::unordered_map<std::string, const Project*> owner;
    for (const Project& p : m_.projects) {
      if (!p.workspace) continue;
      std::string path = *p.workspace;
      while (path.size() > 1 && path.back() == '/') path.pop_back();
      auto [it, inserted] = owner.try_emplace(path, &p);
      if (!inserted)
        error("workspace-shared", p.workspace_location,
              fmt::format("workspace {} is already project \"{}\"'s (line {}); projects never share a tree",
                          path, it->second->name, it->second->workspace_location.line));
    }
  }

  void models() {
    const bool default_ok = m_.defaults.model.empty() || is_model_ref(m_.defaults.model);
    if (!default_ok)
      error("model-format", m_.defaults.model_location,
            fmt::format("defaults.model \"{}\" must be provider/model, e.g. anthropic/claude-sonnet-4-6",
                        m_.defaults.model));
    for (const Project& p : m_.projects) {
      if (p.model_location.known()) {
        if (!p.model.empty() && !is_model_ref(p.model))
          error("model-format", p.model_location,
                fmt::format("projects.{}.model \"{}\" must be provider/model, e.g. anthropic/claude-sonnet-4-6",
                            p.name, p.model));
      } else if (p.model.empty() && !m_.defaults.model_location.known()) {
        error("model-missing", p.location,
              fmt::format("project \"{}\" has no model; set projects.{}.model or defaults.model", p.name,
                          p.name));
      }
    }
  }

  // Read in the registry (npm view @openclaw/<x>@V peerDependencies): an
  // official plugin declares `openclaw: >=V`, its own version; not every
  // plugin is released with every core, so "the same version" cannot be
  // the rule, but newer than the core never loads.
  void skew(const Project& project, const PluginPin& pin) {
    const std::string& core = project_openclaw_version(m_, project);
    if (pin.package.rfind("@openclaw/", 0) != 0 || !is_exact_version(core)) return;
    if (compare_versions(pin.version, core) <= 0) return;
    warning("plugin-openclaw-skew", pin.version_location,
            fmt::format("plugin \"{}\" {} is newer than {} {}: official plugins require the OpenClaw "
                        "of their own release or later (npm peerDependencies openclaw >={}), so it would not load; "
                        "pin {} at {} or earlier, or move {}",
                        pin.package, pin.version, version_key(project), core, pin.version, pin.package, core,
                        version_key(project)));
  }

  // Where the OpenClaw version `project` runs is written.
  static std::string version_key(const Project& project) {
    return project.openclaw_version ? fmt::format("projects.{}.openclaw.version", project.name)
                                    : std::string("openclaw.version");
  }

  void openclaw() {
    const OpenClawPin& pin = m_.openclaw;
    if (pin.version_location.known() && !pin.version.empty() && !is_exact_version(pin.version))
      error("openclaw-version", pin.version_location,
            fmt::format("openclaw.version \"{}\" must be an exact version, e.g. 2026.9.6", pin.version));
    if (pin.node_major_location.known() && pin.node_major > 0 && pin.node_major < 24)
      error("openclaw-node", pin.node_major_location,
            fmt::format("openclaw.node_major is {}; OpenClaw 2026.9 needs Node 24 or later", pin.node_major));
    for (const Project& p : m_.projects) {
      if (!p.openclaw_version) continue;
      const std::string& version = *p.openclaw_version;
      if (!is_exact_version(version)) {
        error("openclaw-version", p.openclaw_version_location,
              fmt::format("projects.{}.openclaw.version \"{}\" must be an exact version, e.g. 2026.9.6", p.name,
                          version));
        continue;
      }
      if (m_.topology == Topology::A && version != pin.version)
        error("openclaw-version-topology-a", p.openclaw_version_location,
              fmt::format("topology A runs one OpenClaw instance for every project: project \"{}\" cannot run {} "
                          "while openclaw.version is {}; move openclaw.version, or use topology C",
                          p.name, version, pin.version));
      if (!p.canary && is_prerelease(version))
        error("prerelease-outside-canary", p.openclaw_version_location,
              fmt::format("OpenClaw {} is a prerelease; only a canary project (canary: true) may run one",
                          version));
    }
    ahead_of_canary();
  }

  // Canary first: with a canary in the fleet, a project that is not one
  // should run no OpenClaw newer than the newest a canary runs.
  void ahead_of_canary() {
    const Project* newest = nullptr;
    for (const Project& p : m_.projects) {
      if (!p.canary || !is_exact_version(project_openclaw_version(m_, p))) continue;
      if (!newest || compare_versions(project_openclaw_version(m_, p), project_openclaw_version(m_, *newest)) > 0)
        newest = &p;
    }
    if (!newest) return;
    const std::string& canary_version = project_openclaw_version(m_, *newest);
    for (const Project& p : m_.projects) {
      const std::string& version = project_openclaw_version(m_, p);
      if (p.canary || !is_exact_version(version) || compare_versions(version, canary_version) <= 0) continue;
      warning("openclaw-ahead-of-canary",
              p.openclaw_version_location.known() ? p.openclaw_version_location : m_.openclaw.version_location,
              fmt::format("project \"{}\" would run OpenClaw {}, newer than the canary \"{}\" runs ({}): move the "
                          "canary first (projects.{}.openclaw.version), apply it with --project {}, then the rest",
                          p.name, version, newest->name, canary_version, newest->name, newest->name));
    }
  }

  void removals() {
    for (const Removal& r : m_.remove_projects)
      for (const Project& p : m_.projects)
        if (p.name == r.name)
          error("remove-conflict", r.location,
                fmt::format("project \"{}\" is listed in remove_projects but also defined (line {}); keep one",
                            r.name, p.location.line));
    for (const Project& p : m_.projects)
      for (const Removal& r : p.remove_plugins)
        for (const PluginPin& pin : p.plugins)
          if (pin.package == r.name)
            error("remove-conflict", r.location,
                  fmt::format("plugin \"{}\" of project \"{}\" is both pinned (line {}) and listed in "
                              "remove_plugins; keep one",
                              r.name, p.name, pin.location.line));
  }

  const Manifest& m_;
  Diagnostics& d_;
};

}  // namespace

std::span<const LintInfo> lint_catalog() { return kCatalog; }

int recommended_project_limit(int memory_gb) {
  if (memory_gb < 24) return 2;
  if (memory_gb < 48) return 3;
  if (memory_gb < 96) return 5;
  return memory_gb / 16;
}

void lint_manifest(const Manifest& manifest, Diagnostics& diagnostics) {
  Linter(manifest, diagnostics).run();
}

}  // namespace clawform
