#include "backends/operations/restore_drill.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "backends/apply_signals.h"
#include "backends/digest.h"
#include "backends/discover.h"
#include "backends/file_io.h"
#include "backends/listeners.h"
#include "backends/openclaw_cli.h"
#include "backends/openclaw_parse.h"
#include "backends/operations/checklist_capture.h"
#include "backends/process_runner.h"
#include "backends/real_host.h"
#include "compiler/log.h"
#include "compiler/operations/restore_input.h"
#include "compiler/operations/restored_archive.h"
#include "schema/port_plan.h"

namespace clawform {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using nlohmann::json;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// What OpenClaw's own update rehearsal sets to boot a gateway that reaches
// nothing outside (read in 2026.9.6's dist, resolveUpdateRehearsalEnv):
// no channel, provider, cron run, Gmail watcher, canvas host, browser
// control or model prewarm; plus no Bonjour advertisement on the LAN.
const std::map<std::string, std::string>& scratch_gateway_environment() {
  static const std::map<std::string, std::string> env = {
      {"OPENCLAW_SKIP_CHANNELS", "1"},          {"OPENCLAW_SKIP_PROVIDERS", "1"},
      {"OPENCLAW_SKIP_CRON", "1"},              {"OPENCLAW_SKIP_GMAIL_WATCHER", "1"},
      {"OPENCLAW_SKIP_CANVAS_HOST", "1"},       {"OPENCLAW_SKIP_BROWSER_CONTROL_SERVER", "1"},
      {"OPENCLAW_SKIP_STARTUP_MODEL_PREWARM", "1"}, {"OPENCLAW_DISABLE_BONJOUR", "1"},
  };
  return env;
}

// Items of the checklist a drill cannot match, by design: it runs on a
// scratch port, without a service, with channels off (so /ready may say
// what the live one did not).
const std::set<std::string>& expected_differences() {
  static const std::set<std::string> expected = {"*.port", "*.service", "*.ready"};
  return expected;
}

// Checks every file of the set; the seconds each instance's files took.
Result<std::map<std::string, double>> verify_set(const RestoreSet& set, const fs::path& dir) {
  std::map<std::string, double> seconds;
  for (const RestoreInstance& instance : set.instances) {
    const auto started = Clock::now();
    for (const RestoreFile& file : instance.files) {
      const std::string path = (dir / file.path).string();
      FileFacts facts;
      struct stat st {};
      if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
        facts.exists = true;
        facts.bytes = static_cast<std::uint64_t>(st.st_size);
        if (facts.bytes == file.bytes) {
          Result<std::string> digest = sha256_file(path);
          if (!digest) return digest.status();
          facts.sha256 = *digest;
        }
      }
      if (std::optional<std::string> difference = file_difference(file, facts))
        return Status::error(fmt::format("the backup set does not match its index: {} ({})", *difference, path));
    }
    seconds[instance.instance] = since(started);
  }
  return seconds;
}

// The project's workspace as the (relocated) config names it:
// agents.entries.<project>.workspace, else agents.defaults.workspace, else
// the state dir's workspace/.
std::string workspace_of(const json& config, const std::string& project, const std::string& state_dir) {
  const json* agents = config.contains("agents") ? &config["agents"] : nullptr;
  if (agents && agents->is_object()) {
    if (auto entries = agents->find("entries"); entries != agents->end() && entries->is_object())
      if (auto entry = entries->find(project); entry != entries->end() && entry->is_object())
        if (auto ws = entry->find("workspace"); ws != entry->end() && ws->is_string()) return ws->get<std::string>();
    if (auto defaults = agents->find("defaults"); defaults != agents->end() && defaults->is_object())
      if (auto ws = defaults->find("workspace"); ws != defaults->end() && ws->is_string()) return ws->get<std::string>();
  }
  return state_dir + "/workspace";
}

// The agent paths of `config` (workspace, agentDir of agents.defaults and
// each agents.entries.*) that are not under `scratch`: what a gateway
// booted from it would use of the live host.
std::vector<std::string> paths_outside(const json& config, const std::string& scratch) {
  std::vector<std::string> out;
  auto check = [&](const json& agent) {
    if (!agent.is_object()) return;
    for (const char* key : {"workspace", "agentDir"})
      if (auto v = agent.find(key); v != agent.end() && v->is_string()) {
        const std::string path = v->get<std::string>();
        if (path.rfind(scratch + "/", 0) != 0) out.push_back(path);
      }
  };
  if (auto agents = config.find("agents"); agents != config.end() && agents->is_object()) {
    if (auto defaults = agents->find("defaults"); defaults != agents->end()) check(*defaults);
    if (auto entries = agents->find("entries"); entries != agents->end() && entries->is_object())
      for (const auto& [name, entry] : entries->items()) check(entry);
  }
  return out;
}

// gateway.auth's secrets taken from the environment (a SecretRef with
// source "env"): the variable names.
std::vector<std::string> gateway_env_secrets(const json& config) {
  std::vector<std::string> names;
  const json* auth = nullptr;
  if (auto gateway = config.find("gateway"); gateway != config.end() && gateway->is_object())
    if (auto a = gateway->find("auth"); a != gateway->end() && a->is_object()) auth = &*a;
  if (!auth) return names;
  for (const char* key : {"token", "password"})
    if (auto ref = auth->find(key); ref != auth->end() && ref->is_object() && ref->value("source", "") == "env")
      if (std::string id = ref->value("id", ""); !id.empty()) names.push_back(id);
  return names;
}

// Whether the file at `path` starts with SQLite's header.
bool is_sqlite(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  return in.read(header, sizeof header) && std::memcmp(header, "SQLite format 3", 16) == 0;
}

// The SQLite files under `state_dir`, relative to it, sorted; plugin
// packages (npm/) are not OpenClaw's state.
std::vector<std::string> sqlite_files(const fs::path& state_dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(state_dir, fs::directory_options::skip_permission_denied, ec), end;
       !ec && it != end; it.increment(ec)) {
    const fs::path rel = it->path().lexically_relative(state_dir);
    if (it->is_directory(ec) && (rel == "npm" || it->path().filename() == "node_modules")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && !it->is_symlink(ec) && is_sqlite(it->path())) out.push_back(rel.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The processes (other than this one) whose environment holds `entry`
// ("OPENCLAW_STATE_DIR=/tmp/clawform-drill-x/state"): what a scratch
// gateway may have started outside its process group.
std::vector<long> processes_with_env(const std::string& entry) {
  std::vector<long> out;
  DIR* proc = ::opendir("/proc");
  if (!proc) return out;
  while (const dirent* e = ::readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(e->d_name, &end, 10);
    if (pid <= 0 || *end != '\0' || pid == ::getpid()) continue;
    std::ifstream in(fmt::format("/proc/{}/environ", pid), std::ios::binary);
    const std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t begin = 0;
    while (begin < env.size()) {
      std::size_t stop = env.find('\0', begin);
      if (stop == std::string::npos) stop = env.size();
      if (env.compare(begin, stop - begin, entry) == 0) {
        out.push_back(pid);
        break;
      }
      begin = stop + 1;
    }
  }
  ::closedir(proc);
  return out;
}

// One instance's drill: its scratch dir, its gateway, and their removal
// (the destructor: also on failure and interruption).
class InstanceDrill {
 public:
  InstanceDrill(const DrillOptions& options, const RestoreSet& set, const RestoreInstance& instance,
                const fs::path& set_dir, const ApplySignals& signals)
      : options_(options), set_(set), instance_(instance), set_dir_(set_dir), signals_(signals) {
    for (const std::string& p : instance.projects) drills_.push_back({.project = p, .instance = instance.instance});
  }

  ~InstanceDrill() { clean_up(); }
  InstanceDrill(const InstanceDrill&) = delete;
  InstanceDrill& operator=(const InstanceDrill&) = delete;

  std::vector<ProjectDrill> run(double verify_seconds) {
    for (ProjectDrill& d : drills_) d.verify = verify_seconds;
    if (Status s = restore(); !s) return fail("restore", s);
    if (Status s = check_databases(); !s) return fail("database", s);
    if (Status s = boot(); !s) return fail("boot", s);
    if (Status s = compare(); !s) return fail("checklist", s);
    clean_up();
    return drills_;
  }

 private:
  std::vector<ProjectDrill> fail(const char* step, const Status& why) {
    std::string message = why.message();
    if (const std::string interrupted = signals_.reason(); !interrupted.empty())
      message = interrupted + " (" + message + ")";
    for (ProjectDrill& d : drills_) d.failure = fmt::format("{}: {}", step, message);
    clean_up();
    return drills_;
  }

  Status interrupted() const {
    const std::string reason = signals_.reason();
    return reason.empty() ? Status::ok() : Status::error(reason);
  }

  Status make_scratch() {
    const char* tmpdir = std::getenv("TMPDIR");
    const std::string parent = !options_.scratch_parent.empty() ? options_.scratch_parent
                               : tmpdir && *tmpdir              ? tmpdir
                                                                : "/tmp";
    std::string pattern = fmt::format("{}/clawform-drill-{}-XXXXXX", parent, instance_.instance);
    if (!::mkdtemp(pattern.data()))
      return Status::error(fmt::format("mkdtemp {}: {}", pattern, std::strerror(errno)));
    scratch_ = pattern;  // mkdtemp made it 0700
    layout_.instance = instance_.instance;
    layout_.home = scratch_ + "/home";
    layout_.state_dir = scratch_ + "/state";
    layout_.config_path = layout_.state_dir + "/openclaw.json";
    layout_.service_manager = "systemd";
    layout_.service_name = "clawform-drill-" + instance_.instance;
    layout_.service_file = scratch_ + "/no-service";
    layout_.pid_file = scratch_ + "/gateway.pid";
    layout_.openclaw = options_.openclaw;
    paths_.root = scratch_;
    paths_.home_base = scratch_;
    paths_.operator_home = layout_.home;
    paths_.clawform_dir = scratch_ + "/clawform";
    return make_dirs(layout_.home, 0700);
  }

  ProcessResult openclaw(Host& host, const std::vector<std::string>& args) const {
    ProcessRequest request = OpenClawCli(options_.openclaw, layout_, paths_, options_.command_timeout).request(args);
    return host.run(request);
  }

  Host& host() {
    if (!host_) {
      GatewayControlOptions gateway;
      gateway.openclaw = options_.openclaw;
      gateway.start_timeout = options_.boot_timeout;
      gateway.children.cancel_fd = [this] { return signals_.cancel_fd(); };
      gateway.environment = scratch_gateway_environment();
      for (const auto& [name, value] : gateway_secrets_) gateway.environment[name] = value;
      host_ = std::make_unique<RealHost>(paths_, gateway);
    }
    return *host_;
  }

  Status restore() {
    const auto started = Clock::now();
    if (Status s = make_scratch(); !s) return s;
    const RestoreFile* state = instance_.file("state");
    const std::string archive = (set_dir_ / state->path).string();
    const std::string target = scratch_ + "/restore";
    ProcessResult result = openclaw(host(), {"backup", "restore", archive, "--target", target, "--json"});
    if (!result.succeeded())
      return Status::error(fmt::format("openclaw backup restore {}: {}", archive, describe_failure(result)));
    Result<std::string> root = restore_output_root(result.out);
    if (!root) return root.status().prefixed(archive + ": ");
    Result<std::string> manifest_text = read_file(fmt::format("{}/{}/manifest.json", target, *root));
    if (!manifest_text) return manifest_text.status();
    Result<RestoredArchive> manifest = parse_archive_manifest(*manifest_text);
    if (!manifest) return manifest.status().prefixed(archive + ": ");

    // The state dir to SCRATCH/state (short paths: a socket path has ~100
    // bytes); every other asset stays where openclaw put it.
    std::vector<PathMove> moves;
    bool has_state = false;
    for (const ArchiveAsset& asset : manifest->assets) {
      const std::string restored = target + "/" + asset.archive_path;
      if (asset.kind == "state" && !has_state) {
        has_state = true;
        std::error_code ec;
        fs::rename(restored, layout_.state_dir, ec);
        if (ec) return Status::error(fmt::format("rename {} to {}: {}", restored, layout_.state_dir, ec.message()));
        moves.push_back({asset.source_path, layout_.state_dir});
      } else {
        moves.push_back({asset.source_path, restored});
      }
    }
    if (!has_state) return Status::error(fmt::format("{}: the archive holds no state dir (assets: none of kind \"state\")", archive));
    if (std::optional<std::string> config = relocated(manifest->config_path, moves)) layout_.config_path = *config;

    Result<std::string> text = read_file(layout_.config_path);
    if (!text) return text.status().prefixed("the restored config: ");
    config_ = json::parse(*text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (config_.is_discarded() || !config_.is_object())
      return Status::error(fmt::format("{}: not a JSON object (JSON5 beyond comments is not read)", layout_.config_path));
    const json patch = relocation_patch(config_, moves);
    config_.merge_patch(patch);
    if (std::vector<std::string> live = paths_outside(config_, scratch_); !live.empty())
      return Status::error(fmt::format(
          "the restored openclaw.json names {} outside the restored copy (not in the archive): a gateway booted "
          "from it would use the live host's files",
          live.front()));
    if (!patch.empty())
      if (Status s = write_file_atomic(layout_.config_path, config_.dump(2) + "\n", 0600); !s) return s;

    for (const std::string& project : instance_.projects)
      layout_.projects.push_back({project, workspace_of(config_, project, layout_.state_dir), layout_.state_dir,
                                  layout_.state_dir + "/.env"});
    set_all([&](ProjectDrill& d) { d.restore = since(started); });
    return interrupted();
  }

  Status check_databases() {
    const auto started = Clock::now();
    std::string verdict = "exact";
    std::vector<std::string> files = sqlite_files(layout_.state_dir);
    if (files.empty()) return Status::error(fmt::format("no SQLite database in the restored state {}", layout_.state_dir));
    for (const std::string& rel : files) {
      std::vector<std::string> args;
      const fs::path path = fs::path(layout_.state_dir) / rel;
      const fs::path parts = fs::path(rel);
      auto part = parts.begin();
      if (rel == "state/openclaw.sqlite") {
        args = {"database", "preflight", path.string(), "--json"};
      } else if (*part == "agents" && std::distance(parts.begin(), parts.end()) >= 3) {
        args = {"database", "preflight-agent", path.string(), "--agent-id", std::next(part)->string(), "--json"};
      } else {
        log_line(LogLevel::Debug, instance_.instance, fmt::format("drill: {} is not a state or agent database: not checked", rel));
        continue;
      }
      ProcessResult result = openclaw(host(), args);
      json report = json::parse(result.out, nullptr, /*allow_exceptions=*/false);
      const std::string status = report.is_object() ? report.value("status", "") : "";
      if (status != "exact") {
        std::string why = report.is_object() && report.contains("reason") && report["reason"].is_string()
                              ? report["reason"].get<std::string>()
                              : describe_failure(result);
        set_all([&](ProjectDrill& d) { d.database_verdict = fmt::format("{} {}", rel, status.empty() ? "unchecked" : status); });
        return Status::error(fmt::format("openclaw database {} {}: {}{}", args[1], path.string(),
                                         status.empty() ? "" : status + ": ", why));
      }
    }
    set_all([&](ProjectDrill& d) {
      d.database_verdict = verdict;
      d.database = since(started);
    });
    return interrupted();
  }

  Status boot() {
    const auto started = Clock::now();
    // Key files are not in the archive: a token the config takes from the
    // environment gets a fresh random one, known only to this drill.
    for (const std::string& name : gateway_env_secrets(config_)) {
      Result<std::string> token = random_hex(24);
      if (!token) return token.status();
      gateway_secrets_[name] = *token;
    }
    host_.reset();  // the gateway's environment is fixed when the host is made
    const int span = minimum_gateway_spacing(/*browser=*/true);
    Result<std::vector<Listener>> listeners = listening_sockets(
        [&](int p) { return p >= options_.ports.first && p <= options_.ports.last; });
    if (!listeners) return listeners.status();
    std::set<int> taken;
    for (const Listener& l : *listeners) taken.insert(l.port);
    std::optional<int> port = free_port_block(options_.ports, span, [&](int p) { return taken.count(p) > 0; });
    if (!port)
      return Status::error(fmt::format("no free block of {} ports in the scratch range {}-{} (--scratch-ports)", span,
                                       options_.ports.first, options_.ports.last));
    layout_.port = *port;
    gateway_started_ = true;
    if (Status s = host().start_gateway(layout_, *port); !s) return s;
    const auto deadline = started + options_.boot_timeout;
    GatewayState state;
    for (;;) {
      state = host().probe_gateway(*port, milliseconds(2'000));
      if (state.live() && state.started()) break;
      if (Status s = interrupted(); !s) return s;
      if (Clock::now() >= deadline)
        return Status::error(fmt::format("the gateway on port {} answered /health but /startupz did not say started within {:.0f} s (it said: {})",
                                         *port, options_.boot_timeout.count() / 1000.0,
                                         state.startup_status.value_or(state.startup.error)));
      std::this_thread::sleep_for(milliseconds(250));
    }
    startup_version_ = state.startup_version.value_or("");
    set_all([&](ProjectDrill& d) {
      d.port = *port;
      d.boot = since(started);
    });
    return interrupted();
  }

  Status compare() {
    const auto started = Clock::now();
    DiscoverOptions discover;
    discover.root = scratch_;
    discover.openclaw = options_.openclaw;
    discover.command_timeout = options_.command_timeout;
    VersionProbe version;
    if (!startup_version_.empty()) {
      version.version = startup_version_;
    } else {
      ProcessResult said = openclaw(host(), {"--version"});
      if (Result<std::string> v = parse_openclaw_version(said.out)) version.version = *v;
    }
    Result<std::string> digest_key = random_hex(32);
    if (!digest_key) return digest_key.status();
    DiscoveryStats stats;
    DiscoveryCache no_cache;  // a scratch instance: nothing to keep
    const InstanceState live =
        discover_instance(host(), layout_, paths_, discover, *digest_key, version, no_cache, stats);
    if (!live.complete())
      return Status::error(fmt::format("{} ({}): {}", live.errors.front().step, live.errors.front().command,
                                       live.errors.front().message));
    // OpenClaw leaves npm/ (plugin packages) out of its archive, and the
    // restored install records still name the live instance's npm/: on the
    // same host the plugins load from there. Said, so that nobody takes a
    // matching plugin list for proof that a restore elsewhere has them.
    for (const PluginState& plugin : live.plugins)
      if (plugin.origin != "bundled" && !plugin.root_dir.empty() && plugin.root_dir.rfind(scratch_ + "/", 0) != 0 &&
          options_.progress)
        options_.progress(fmt::format("drill {}: plugin {} {} loads from {}, outside the restored copy (OpenClaw "
                                      "does not archive npm/): a restore on another host must reinstall it\n",
                                      instance_.instance, plugin.id, plugin.version, plugin.root_dir));
    const std::vector<ProjectChecklist> captured = instance_checklist(live);
    if (!set_.checklist) return Status::error("the backup set's index holds no checklist to compare with");
    for (ProjectDrill& d : drills_) {
      Checklist before{.captured_at = set_.checklist->captured_at, .label = "backup", .projects = {}};
      for (const ProjectChecklist& p : set_.checklist->projects)
        if (p.project == d.project) before.projects.push_back(p);
      Checklist after{.captured_at = {}, .label = "drill", .projects = {}};
      for (const ProjectChecklist& p : captured)
        if (p.project == d.project) after.projects.push_back(p);
      d.differences = compare_checklists(before, after, expected_differences());
    }
    set_all([&](ProjectDrill& d) { d.checklist = since(started); });
    return interrupted();
  }

  void set_all(const std::function<void(ProjectDrill&)>& apply) {
    for (ProjectDrill& d : drills_) apply(d);
  }

  // Stops the gateway (its whole group, then anything it started elsewhere
  // that still runs on the scratch state) and removes the scratch dir.
  void clean_up() {
    if (scratch_.empty()) return;
    if (gateway_started_) {
      if (Status stopped = host().stop_gateway(layout_); !stopped)
        log_line(LogLevel::Warn, instance_.instance, "drill: " + stopped.message());
      gateway_started_ = false;
    }
    const std::string mark = "OPENCLAW_STATE_DIR=" + layout_.state_dir;
    for (long pid : processes_with_env(mark)) {
      log_line(LogLevel::Warn, instance_.instance, fmt::format("drill: pid {} still ran on the scratch state: killed", pid));
      ::kill(static_cast<pid_t>(pid), SIGKILL);
    }
    if (options_.keep_scratch) {
      if (options_.progress) options_.progress(fmt::format("drill {}: scratch kept in {}\n", instance_.instance, scratch_));
    } else {
      std::error_code ec;
      fs::remove_all(scratch_, ec);
      if (ec) log_line(LogLevel::Warn, instance_.instance, fmt::format("drill: remove {}: {}", scratch_, ec.message()));
    }
    scratch_.clear();
  }

  const DrillOptions& options_;
  const RestoreSet& set_;
  const RestoreInstance& instance_;
  fs::path set_dir_;
  const ApplySignals& signals_;
  std::vector<ProjectDrill> drills_;
  std::string scratch_;
  InstanceLayout layout_;
  HostPaths paths_;
  json config_;
  std::map<std::string, std::string> gateway_secrets_;
  std::unique_ptr<RealHost> host_;
  bool gateway_started_ = false;
  std::string startup_version_;
};

}  // namespace

Result<std::vector<ProjectDrill>> run_restore_drill(const DrillOptions& options) {
  Result<std::string> text = read_file(options.index_path, std::size_t{16} << 20);
  if (!text) return text.status();
  json index = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (index.is_discarded()) return Status::error(fmt::format("{}: not JSON", options.index_path));
  Result<RestoreSet> set = restore_set_from_json(index);
  if (!set) return set.status().prefixed(options.index_path + ": ");
  Result<std::vector<const RestoreInstance*>> chosen = select_instances(*set, options.project);
  if (!chosen) return chosen.status();
  const fs::path set_dir = fs::absolute(options.index_path).parent_path();
  Result<std::map<std::string, double>> verified = verify_set(*set, set_dir);
  if (!verified) return verified.status();

  ApplySignals signals;
  std::vector<ProjectDrill> drills;
  for (const RestoreInstance* instance : *chosen) {
    std::vector<ProjectDrill> done;
    if (signals.reason().empty()) {
      InstanceDrill drill(options, *set, *instance, set_dir, signals);
      done = drill.run((*verified)[instance->instance]);
    } else {
      for (const std::string& p : instance->projects)
        done.push_back({.project = p, .instance = instance->instance, .failure = "not run: " + signals.reason()});
    }
    for (ProjectDrill& d : done) {
      if (!options.project.empty() && d.project != options.project) continue;
      if (options.progress) {
        options.progress(render_drill_line(d));
        options.progress(render_drill_differences(d));
      }
      drills.push_back(std::move(d));
    }
  }
  return drills;
}

}  // namespace clawform
