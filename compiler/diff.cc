#include "compiler/diff.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/health_gate.h"
#include "compiler/offline/unchecked_keys.h"
#include "compiler/version_pin.h"

namespace clawform {

namespace {

using nlohmann::json;

std::string octal(unsigned mode) { return fmt::format("{:04o}", mode); }

// package_of_install_spec() without a copy.
std::string_view package_of(std::string_view spec) {
  std::size_t at = spec.rfind('@');
  return at == 0 || at == std::string_view::npos ? spec : spec.substr(0, at);
}

// Builds one instance's steps; `Phase` numbers order them.
enum Phase { kStateDir, kDirs, kKeys, kOpenClaw, kConfig, kPlugins, kService, kRestart, kCheck, kDoctor, kPhases };

class InstanceDiff {
 public:
  InstanceDiff(const DesiredInstance& desired, const InstanceState& live, const std::string& prefix,
               const std::string& tag, std::vector<std::string>& unmanaged)
      : d_(desired), l_(live), prefix_(prefix), tag_(tag), unmanaged_(unmanaged) {}

  std::vector<std::pair<Phase, Step>> run() {
    dirs();
    key_files();
    openclaw();
    config();
    plugins();
    linger();
    service();
    gateway();
    doctor();
    return std::move(steps_);
  }

 private:
  void add(Phase phase, Step step) {
    if (step.project.empty()) step.project = tag_;
    steps_.emplace_back(phase, std::move(step));
  }

  // A directory that must exist with `mode` (0 = any mode).
  // Whether `live` belongs to the instance's user (topology B on real users;
  // elsewhere any owner will do).
  bool owner_differs(const PathState& live) const {
    return live.exists && d_.layout.account && live.uid != d_.layout.account->uid;
  }

  void directory(Phase phase, const std::string& address, const std::string& project, const PathState& live,
                 const std::string& path, unsigned mode, StepKind what) {
    const bool mode_differs = mode != 0 && live.mode != mode;
    if (live.exists && live.type == "dir" && !mode_differs && !owner_differs(live)) return;  // as desired
    Step s;
    s.address = address;
    s.project = project;
    s.kind = what;
    s.target = DirTarget{path, mode};
    json after = {{"type", "dir"}};
    if (mode) after["mode"] = octal(mode);
    if (d_.layout.account) after["owner"] = d_.layout.account->name;
    if (!live.exists) {
      s.action = Action::Create;
      s.after = std::move(after);
      s.reason = "absent";
    } else if (live.type != "dir") {
      s.action = Action::Replace;
      s.destructive = true;
      s.before = {{"type", live.type}};
      s.after = std::move(after);
      s.reason = fmt::format("{} is a {}, not a directory", path, live.type);
    } else {
      s.action = Action::Update;
      s.before = {{"type", "dir"}, {"mode", octal(live.mode)}};
      if (owner_differs(live)) s.before["owner"] = fmt::format("uid {}", live.uid);
      s.after = std::move(after);
      s.reason = !owner_differs(live) ? "mode differs" : mode_differs ? "mode and owner differ" : "owner differs";
    }
    add(phase, std::move(s));
  }

  void dirs() {
    directory(kStateDir, prefix_ + ".state_dir", "", l_.state_dir_path, d_.layout.state_dir, 0700, StepKind::StateDir);
    for (const DesiredProject& p : d_.projects) {
      const ProjectFiles* files = live_files(p.name);
      PathState absent;
      std::string base = "project." + p.name;
      if (!p.secrets_dir.empty())
        directory(kDirs, base + ".secrets_dir", p.name, files ? files->secrets.dir : absent, p.secrets_dir, 0700,
                  StepKind::SecretsDir);
      directory(kDirs, base + ".workspace", p.name, files ? files->workspace : absent, p.workspace, 0, StepKind::Workspace);
    }
  }

  const ProjectFiles* live_files(const std::string& project) const {
    for (const ProjectFiles& f : l_.files)
      if (f.project == project) return &f;
    return nullptr;
  }

  void key_files() {
    for (const DesiredProject& p : d_.projects) {
      if (p.key_digests.empty()) continue;
      const ProjectFiles* files = live_files(p.name);
      const SecretsState empty;
      const SecretsState& live = files ? files->secrets : empty;
      const bool exists = live.key_file.exists;
      const bool values_differ = exists && key_values_differ(live.key_digests, p.key_digests);
      const bool mode_differs = exists && live.key_file.mode != 0600;
      const bool owner_wrong = owner_differs(live.key_file);
      if (exists && !values_differ && !mode_differs && !owner_wrong) continue;
      std::vector<std::string> names;
      names.reserve(p.key_digests.size());
      for (const auto& [name, digest] : p.key_digests) names.push_back(name);
      Step s;
      s.address = "project." + p.name + ".key_file";
      s.project = p.name;
      s.kind = StepKind::KeyFile;
      s.sensitive = true;
      // The digests pin the values apply may write to those reviewed here.
      KeyFileTarget target{p.key_file, 0600, {}};
      for (const auto& [name, digest] : p.key_digests) target.keys.push_back({name, digest, {}});
      s.target = std::move(target);
      s.after = {{"keys", names}, {"mode", "0600"}, {"values", "(sensitive)"}};
      if (d_.layout.account) s.after["owner"] = d_.layout.account->name;
      if (!exists) {
        s.action = Action::Create;
        s.reason = "absent";
        s.digest_changed = true;
      } else {
        std::vector<std::string> live_names;
        for (const auto& [name, digest] : live.key_digests) live_names.push_back(name);
        s.action = Action::Update;
        s.digest_changed = values_differ;
        s.reason = values_differ ? (live_names != names ? "key names differ" : "a key's value changed")
                   : mode_differs ? "mode differs"
                                  : "owner differs";
        s.before = {{"keys", std::move(live_names)}, {"mode", octal(live.key_file.mode)}, {"values", "(sensitive)"}};
        if (owner_wrong) s.before["owner"] = fmt::format("uid {}", live.key_file.uid);
      }
      add(kKeys, std::move(s));
    }
  }

  // One step for every managed value that differs: apply writes them with
  // a single `openclaw config patch`. before/after hold only those paths
  // (null in `before`: unset).
  void config() {
    json before = json::object(), after = json::object();
    for (const auto& [path, value] : d_.config) {
      auto live = l_.config.values.find(path);
      const bool set = live != l_.config.values.end();
      if (set && live->second == value) continue;
      before[path] = set ? live->second : json();
      after[path] = value;
    }
    if (after.empty()) return;
    Step s;
    s.address = prefix_ + ".config";
    s.kind = StepKind::Config;
    ConfigTarget target{d_.layout.config_path, {}};
    for (const auto& [path, value] : after.items()) target.set[path] = value;
    s.target = std::move(target);
    const std::size_t differing = after.size();
    s.after = std::move(after);
    if (!l_.config.exists) {
      s.action = Action::Create;
      s.reason = "no openclaw.json";
    } else {
      s.action = Action::Update;
      s.before = std::move(before);
      s.reason = fmt::format("{} value{} differ{}", differing, differing == 1 ? "" : "s", differing == 1 ? "s" : "");
    }
    add(kConfig, std::move(s));
  }

  const PluginState* live_plugin(const std::string& package) const {
    for (const PluginState& p : l_.plugins)
      if (!p.install_spec.empty() && package_of(p.install_spec) == package) return &p;
    return nullptr;
  }

  void plugins() {
    for (const DesiredPlugin& want : d_.plugins) {
      const PluginState* have = live_plugin(want.package);
      if (have && have->version == want.version && have->enabled) continue;
      Step s;
      s.address = fmt::format("{}.plugin[\"{}\"]", prefix_, want.package);
      s.kind = StepKind::Plugin;
      PluginTarget target{want.package, want.version, std::nullopt, true, std::nullopt};
      s.after = {{"enabled", true}, {"version", want.version}};
      if (!have) {
        s.action = Action::Create;
        s.reason = "not installed";
      } else if (have->version != want.version) {
        s.action = Action::Update;
        s.before = {{"enabled", have->enabled}, {"version", have->version}};
        target.id = have->id;
        s.reason = "version differs";
      } else {
        s.action = Action::Update;
        s.before = {{"enabled", false}, {"version", have->version}};
        target.id = have->id;
        s.reason = "disabled";
      }
      s.target = std::move(target);
      add(kPlugins, std::move(s));
    }
    for (const std::string& package : d_.remove_plugins) {
      const PluginState* have = live_plugin(package);
      if (!have) continue;
      Step s;
      s.address = fmt::format("{}.plugin[\"{}\"]", prefix_, package);
      s.kind = StepKind::Plugin;
      s.action = Action::Delete;
      s.destructive = true;
      s.before = {{"enabled", have->enabled}, {"version", have->version}};
      s.target = PluginTarget{package, have->version, have->id, std::nullopt, std::nullopt};
      s.reason = "listed in remove_plugins";
      add(kPlugins, std::move(s));
    }
    for (const PluginState& p : l_.plugins) {
      if (p.origin == "bundled" || p.install_spec.empty()) continue;
      std::string_view package = package_of(p.install_spec);
      bool named = std::any_of(d_.plugins.begin(), d_.plugins.end(), [&](const DesiredPlugin& w) { return w.package == package; }) ||
                   std::find(d_.remove_plugins.begin(), d_.remove_plugins.end(), package) != d_.remove_plugins.end();
      if (!named)
        unmanaged_.push_back(fmt::format("{}.plugin[\"{}\"] {} (installed, not in the manifest)", prefix_, package,
                                         p.version));
    }
  }

  void service() {
    const ServiceState& live = l_.service;
    const bool same_content = live.file.exists && live.content_digest == d_.service_content_digest;
    if (same_content && !owner_differs(live.file)) return;
    Step s;
    s.address = prefix_ + ".service";
    s.kind = StepKind::Service;
    s.target = ServiceTarget{d_.layout.service_manager, d_.layout.service_name, d_.layout.service_file,
                             d_.service_content};
    s.after = {{"manager", d_.layout.service_manager}, {"name", d_.layout.service_name}, {"path", d_.layout.service_file}};
    if (!live.file.exists) {
      s.action = Action::Create;
      s.reason = "absent";
    } else {
      s.action = Action::Update;
      s.before = s.after;
      s.reason = same_content ? "owner differs" : "content differs";
      if (owner_differs(live.file)) {
        s.before["owner"] = fmt::format("uid {}", live.file.uid);
        s.after["owner"] = d_.layout.account->name;
      }
    }
    if (!live.file.exists && d_.layout.account) s.after["owner"] = d_.layout.account->name;
    add(kService, std::move(s));
  }

  // Topology B on real users, Linux: the user lingers, so that its user
  // manager (and the gateway's unit) runs without a login session.
  void linger() {
    if (d_.layout.linger_file.empty() || !d_.layout.account) return;
    if (l_.linger && l_.linger->exists) return;
    Step s;
    s.address = prefix_ + ".linger";
    s.kind = StepKind::Linger;
    s.action = Action::Create;
    s.before = {{"lingering", false}};
    s.after = {{"lingering", true}, {"user", d_.layout.account->name}};
    s.reason = fmt::format("{} is absent", d_.layout.linger_file);
    s.target = LingerTarget{d_.layout.account->name, d_.layout.linger_file};
    add(kService, std::move(s));
  }

  // The OpenClaw the instance moves to, when its service runs another binary
  // (an upgrade or downgrade), or when it needs a release clawform installs
  // and has no service yet. The same binary at another version is drift
  // (compiler/version_pin.h), not a step.
  void openclaw() {
    if (!moves_openclaw(d_, l_)) return;
    const InstanceOpenClaw& want = d_.openclaw;
    const std::string& runs = l_.openclaw_binary;
    Step s;
    s.address = prefix_ + ".openclaw";
    s.kind = StepKind::OpenClaw;
    s.target = OpenClawTarget{want.version, want.binary,
                              want.release ? std::optional<int>(want.release->node_major) : std::nullopt, std::nullopt};
    s.after = {{"version", want.version}, {"binary", want.binary}};
    if (runs.empty()) {
      s.action = Action::Create;
      s.reason = "a release clawform installs";
    } else {
      s.action = Action::Update;
      s.before = {{"version", l_.openclaw_version.value_or("unknown")}, {"binary", runs}};
      s.reason = l_.openclaw_version == want.version ? "its service runs another binary" : "version differs";
    }
    add(kOpenClaw, std::move(s));
  }

  // Why the gateway must be (re)started although nothing above changed; ""
  // when it is up on its port. /ready does not count: a restart does not
  // mend a channel whose provider is down (compiler/health_gate.h).
  std::string not_up() const {
    const GatewayState& g = l_.gateway;
    if (!g.health.reachable) return "not running";
    if (g.port != d_.layout.port) return fmt::format("running on port {}", g.port);
    if (!g.live()) return "not live";
    if (!g.started()) return fmt::format("not started: /startupz says {}", g.startup_status.value_or("nothing"));
    return "";
  }

  void gateway() {
    const GatewayState& g = l_.gateway;
    // Lingering changes nothing the running gateway reads.
    const bool changed = std::any_of(steps_.begin(), steps_.end(),
                                     [](const auto& s) { return s.second.kind != StepKind::Linger; });
    const std::string down = not_up();
    if (!changed && down.empty()) return;
    Step restart;
    restart.address = prefix_ + ".gateway";
    restart.kind = StepKind::Gateway;
    restart.action = Action::Restart;
    restart.before = {{"port", g.port}, {"status", g.live() ? "live" : "not running"}};
    restart.after = {{"port", d_.layout.port}, {"status", "live"}};
    restart.reason = !down.empty() ? down : "configuration changed";
    restart.target = GatewayTarget{d_.layout.port, d_.layout.service_name};
    add(kRestart, std::move(restart));
    Step check;
    check.address = prefix_ + ".gateway";
    check.kind = StepKind::Health;
    check.action = Action::Check;
    // The gate (compiler/health_gate.h). What /ready fails now is in the
    // reason, not in `after`: it changes without anyone changing the host,
    // and must not make a reviewed plan stale.
    check.after = {{"passes_on", "/health live, /startupz started"},
                   {"ready", "compared with before the apply: only a new failure fails the check"}};
    check.reason = "after restart";
    if (std::optional<std::vector<std::string>> failing = ready_failures(g); failing && !failing->empty())
      check.reason += fmt::format("; /ready failing now: {}", fmt::join(*failing, ", "));
    check.target = HealthTarget{d_.layout.port};
    add(kCheck, std::move(check));
  }

  // A changed instance, once its gateway is healthy: OpenClaw's own
  // read-only checks, errors only (a warning is advice, not a failure).
  void doctor() {
    // Lingering alone changes nothing OpenClaw reads (as for the restart).
    const bool changed = std::any_of(steps_.begin(), steps_.end(),
                                     [](const auto& s) { return s.second.kind != StepKind::Linger; });
    if (!changed) return;
    Step s;
    s.address = prefix_ + ".doctor";
    s.kind = StepKind::Doctor;
    s.action = Action::Check;
    s.after = {{"doctor", "openclaw doctor --lint: no error findings"}};
    s.reason = "after the health check";
    s.target = DoctorTarget{"error"};
    add(kDoctor, std::move(s));
  }

  const DesiredInstance& d_;
  const InstanceState& l_;
  std::string prefix_;
  std::string tag_;
  std::vector<std::string>& unmanaged_;
  std::vector<std::pair<Phase, Step>> steps_;
};

// Steps to delete one instance named in remove_projects: its gateway
// stopped, its service file deleted, its state dir deleted (in that order).
std::vector<std::pair<Phase, Step>> removal_steps(const InstanceState& live, const std::string& name) {
  std::vector<std::pair<Phase, Step>> out;
  if (!live.state_dir_path.exists && !live.service.file.exists) return out;
  auto deletion = [&](Phase phase, StepKind kind, json before, StepTarget target) {
    Step s;
    s.address = "project." + name + "." + std::string(step_kind_name(kind));
    s.project = name;
    s.kind = kind;
    s.action = Action::Delete;
    s.destructive = true;
    s.before = std::move(before);
    s.reason = "listed in remove_projects";
    s.target = std::move(target);
    out.emplace_back(phase, std::move(s));
  };
  const ServiceState& service = live.service;
  if (live.gateway.live())
    deletion(kStateDir, StepKind::Gateway, {{"port", live.gateway.port}, {"status", "live"}},
             GatewayTarget{live.gateway.port, service.name});
  if (service.file.exists)
    deletion(kDirs, StepKind::Service, {{"name", service.name}, {"path", service.file.path}},
             ServiceTarget{service.manager, service.name, service.file.path, std::nullopt});
  if (live.state_dir_path.exists)
    deletion(kKeys, StepKind::StateDir, {{"path", live.state_dir}, {"type", live.state_dir_path.type}},
             DirTarget{live.state_dir, std::nullopt});
  return out;
}

}  // namespace

std::string package_of_install_spec(const std::string& spec) { return std::string(package_of(spec)); }

Plan diff(const Manifest& manifest, const DesiredState& desired, const LiveState& live, std::vector<PlanError> errors,
          const DiffOptions& options) {
  Plan plan;
  plan.fleet = manifest.fleet;
  plan.topology = std::string(topology_name(manifest.topology));
  plan.errors = std::move(errors);
  plan.version_drift = version_drift(manifest, desired, live);
  for (const DesiredInstance& d : desired.instances)
    if (d.openclaw.release) plan.instance_openclaw[d.layout.instance] = d.openclaw.binary;

  // Steps keyed by (instance, phase, sequence): their generation order is
  // already topological; depends_on links each phase to the one before.
  struct Keyed {
    std::size_t instance;
    Phase phase;
    Step step;
  };
  std::vector<Keyed> keyed;
  // The project an instance's errors and steps are told under: "default"
  // for topology A's shared instance, else its one project.
  auto tag_of = [&](const DesiredInstance& d) {
    return manifest.topology == Topology::A ? std::string("default") : d.projects.front().name;
  };
  auto seen_whole = [&](const InstanceState& l, const std::string& tag) {
    for (const DiscoveryError& e : l.errors)
      plan.errors.push_back({tag, fmt::format("cannot plan what discovery could not see: {}: {}", e.step, e.message)});
    return l.complete();
  };
  for (std::size_t i = 0; i < desired.instances.size(); ++i) {
    const DesiredInstance& d = desired.instances[i];
    const std::string tag = tag_of(d);
    if (i >= live.instances.size() || live.instances[i].instance != d.layout.instance) {
      plan.errors.push_back({tag, "no live state was discovered for this instance"});
      continue;
    }
    const InstanceState& l = live.instances[i];
    if (!seen_whole(l, tag)) continue;
    std::string prefix = manifest.topology == Topology::A ? "instance.default" : "project." + d.projects.front().name;
    for (auto& [phase, step] : InstanceDiff(d, l, prefix, tag, plan.unmanaged).run())
      keyed.push_back({i, phase, std::move(step)});
  }
  int deleted_projects = 0;
  for (std::size_t r = 0; r < live.removed.size() && r < manifest.remove_projects.size(); ++r) {
    const std::string& name = manifest.remove_projects[r].name;
    if (!seen_whole(live.removed[r], name)) continue;
    auto steps = removal_steps(live.removed[r], name);
    if (!steps.empty()) ++deleted_projects;
    for (auto& [phase, step] : steps) keyed.push_back({desired.instances.size() + r, phase, std::move(step)});
  }

  // The destroy threshold.
  if (!options.allow_destroy) {
    if (deleted_projects > 1)
      plan.errors.push_back({"", fmt::format("the plan deletes {} projects; more than one needs --allow-destroy",
                                             deleted_projects)});
    std::vector<int> plugin_deletes(desired.instances.size(), 0);
    for (const Keyed& k : keyed)
      if (k.instance < plugin_deletes.size() && k.step.kind == StepKind::Plugin && k.step.action == Action::Delete)
        ++plugin_deletes[k.instance];
    for (std::size_t i = 0; i < desired.instances.size() && i < live.instances.size(); ++i) {
      int managed = 0, deleted = plugin_deletes[i];
      for (const PluginState& p : live.instances[i].plugins)
        if (p.origin != "bundled" && !p.install_spec.empty()) ++managed;
      if (deleted > 0 && managed > 0 && deleted * 10 > managed * 3)
        plan.errors.push_back({tag_of(desired.instances[i]),
                               fmt::format("the plan deletes {} of {} installed plugins (more than 30%); this needs "
                                           "--allow-destroy",
                                           deleted, managed)});
    }
  }

  // Generation order is already sorted; sorting anyway would move every step twice.
  auto in_order = [](const Keyed& a, const Keyed& b) {
    return a.instance != b.instance ? a.instance < b.instance : a.phase < b.phase;
  };
  if (!std::is_sorted(keyed.begin(), keyed.end(), in_order)) std::stable_sort(keyed.begin(), keyed.end(), in_order);
  plan.steps.reserve(keyed.size());
  // Each step depends on every step of the nearest earlier phase of its instance.
  std::vector<int> earlier_phase, this_phase;
  for (std::size_t k = 0; k < keyed.size(); ++k) {
    const bool new_instance = k == 0 || keyed[k].instance != keyed[k - 1].instance;
    if (new_instance) {
      earlier_phase.clear();
      this_phase.clear();
    } else if (keyed[k].phase != keyed[k - 1].phase) {
      earlier_phase = std::move(this_phase);
      this_phase.clear();
    }
    Step& step = keyed[k].step;
    step.index = static_cast<int>(k) + 1;
    step.depends_on = earlier_phase;
    this_phase.push_back(step.index);
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

}  // namespace clawform
