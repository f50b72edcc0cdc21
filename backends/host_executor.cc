#include "backends/host_executor.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "backends/config_patch.h"
#include "backends/file_io.h"
#include "backends/openclaw_cli.h"
#include "backends/openclaw_parse.h"
#include "backends/path_snapshot.h"
#include "compiler/desired.h"
#include "compiler/diff.h"

namespace clawform {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string errno_failure(const char* call, const std::string& path) {
  return fmt::format("{}: {}: {}", path, call, std::strerror(errno));
}

// The gateway port the instance's openclaw.json names now; none when the
// file is missing, unreadable or names no port.
std::optional<int> configured_port(const InstanceLayout& layout) {
  std::string error;
  std::optional<std::string> text = read_file(layout.config_path, error);
  if (!text) return std::nullopt;
  Parsed<ConfigState> config = parse_openclaw_config(*text);
  if (const ConfigState* c = std::get_if<ConfigState>(&config)) return c->gateway_port();
  return std::nullopt;
}

StepStatus make_directory(const json& target, bool replace) {
  const std::string path = target.at("path");
  unsigned mode = target.value("mode", 0u);
  std::error_code ec;
  if (replace) fs::remove_all(path, ec);
  fs::create_directories(path, ec);
  if (ec) return StepStatus::failure(fmt::format("{}: mkdir: {}", path, ec.message()));
  if (::chmod(path.c_str(), mode ? mode : 0700) != 0) return StepStatus::failure(errno_failure("chmod", path));
  return StepStatus::success();
}

}  // namespace

HostExecutor::HostExecutor(const Manifest& manifest, HostPaths paths, SecretSource& secrets,
                           const Digester& digester, HostExecutorOptions options)
    : manifest_(manifest), paths_(std::move(paths)), secrets_(secrets), digester_(digester),
      options_(std::move(options)) {
  layouts_ = layout_instances(manifest_, paths_);
  for (InstanceLayout& removed : removal_layouts(manifest_, paths_)) layouts_.push_back(std::move(removed));
}

const InstanceLayout* HostExecutor::layout_of(const Step& step) const {
  auto it = std::find_if(layouts_.begin(), layouts_.end(),
                         [&](const InstanceLayout& layout) { return serves_project(layout, step.project); });
  return it == layouts_.end() ? nullptr : &*it;
}

std::string HostExecutor::saved_dir(const Step& step) const {
  return fmt::format("{}/saved/{}", options_.journal_dir, step.index);
}

GatewayControl& HostExecutor::gateway(const InstanceLayout& layout) {
  std::unique_ptr<GatewayControl>& control = gateways_[layout.instance];
  if (!control) control = make_gateway_control(layout, paths_, gateway_options());
  return *control;
}

GatewayControlOptions HostExecutor::gateway_options() const {
  return {.openclaw = options_.openclaw, .start_timeout = options_.health_timeout};
}

StepStatus HostExecutor::openclaw(const InstanceLayout& layout, const std::vector<std::string>& args,
                                  std::string* out) {
  OpenClawCli cli(options_.openclaw, layout, paths_, options_.command_timeout);
  ProcessResult result = cli.run(args);
  if (!result.succeeded())
    return StepStatus::failure(
        fmt::format("`{}`: {}", format_argv(cli.request(args).argv), describe_failure(result)));
  if (out) *out = std::move(result.out);
  return StepStatus::success();
}

StepStatus HostExecutor::save(const Step& step, json& undo) {
  const InstanceLayout* layout = layout_of(step);
  if (!layout) return StepStatus::failure(fmt::format("no instance of the manifest serves project {}", step.project));
  const std::string state_dir = layout->state_dir;
  std::vector<SavedPath> paths;
  if (step.kind == "gateway") {
    undo = {{"was_running", gateway(*layout).running()}};
    return StepStatus::success();
  }
  if (step.kind == "health") {
    undo = json::object();
    return StepStatus::success();
  }
  if (step.kind == "state_dir" && step.action == Action::Delete) {
    // Moved aside, not copied: a state dir holds sessions and plugins.
    std::error_code ec;
    fs::create_directories(saved_dir(step), ec);
    if (ec) return StepStatus::failure(fmt::format("{}: mkdir: {}", saved_dir(step), ec.message()));
    undo = {{"moved_to", saved_dir(step) + "/state_dir"}};
    return StepStatus::success();
  }
  if (step.kind == "state_dir" || step.kind == "secrets_dir" || step.kind == "workspace" ||
      step.kind == "key_file" || step.kind == "service") {
    paths.push_back({step.target.at("path"), false});
  } else if (step.kind == "config" || step.kind == "plugin") {
    for (const char* file : {"openclaw.json", "openclaw.json.bak", "config-journal-fingerprint.key"})
      paths.push_back({layout->state_dir + "/" + file, false});
    paths.push_back({state_dir + "/state", true});
    if (step.kind == "plugin") {
      paths.push_back({state_dir + "/npm", true});
      paths.push_back({state_dir + "/tmp", true});
    }
  } else {
    return StepStatus::failure(fmt::format("{}: clawform does not know how to apply a \"{}\" step", step.address,
                                           step.kind));
  }
  json record;
  std::string error;
  if (!save_paths(paths, paths_.root.empty() ? "/" : paths_.root, saved_dir(step), record, error))
    return StepStatus::failure(error);
  undo = {{"paths", std::move(record)}};
  return StepStatus::success();
}

StepStatus HostExecutor::run(const Step& step) {
  const InstanceLayout* layout = layout_of(step);
  if (!layout) return StepStatus::failure(fmt::format("no instance of the manifest serves project {}", step.project));
  const bool deleting = step.action == Action::Delete;
  if (step.kind == "state_dir" && deleting) {
    std::string from = step.target.at("path"), to = saved_dir(step) + "/state_dir";
    if (::rename(from.c_str(), to.c_str()) != 0 && !(errno == ENOENT && fs::exists(to)))
      return StepStatus::failure(errno_failure("rename into the journal", from));
    return StepStatus::success();
  }
  if (step.kind == "state_dir" || step.kind == "secrets_dir" || step.kind == "workspace")
    return make_directory(step.target, step.action == Action::Replace);
  if (step.kind == "key_file") return write_key_file(step);
  if (step.kind == "config") return patch_config(step, *layout);
  if (step.kind == "plugin") return change_plugin(step, *layout);
  if (step.kind == "service") {
    const std::string path = step.target.at("path");
    std::string error;
    if (deleting) {
      if (::unlink(path.c_str()) != 0 && errno != ENOENT) return StepStatus::failure(errno_failure("unlink", path));
      return StepStatus::success();
    }
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (!write_file_atomic(path, step.target.at("content").get<std::string>(), 0644, error))
      return StepStatus::failure(error);
    return StepStatus::success();
  }
  if (step.kind == "gateway") return deleting ? gateway(*layout).stop() : gateway(*layout).restart();
  if (step.kind == "health") return wait_until_healthy(step.target.at("port"), options_.health_timeout);
  return StepStatus::failure(fmt::format("{}: clawform does not know how to apply a \"{}\" step", step.address,
                                         step.kind));
}

StepStatus HostExecutor::undo(const Step& step, const json& undo) {
  const InstanceLayout* layout = layout_of(step);
  if (!layout) return StepStatus::failure(fmt::format("no instance of the manifest serves project {}", step.project));
  if (step.kind == "gateway") {
    if (StepStatus stopped = gateway(*layout).stop(); !stopped.ok) return stopped;
    if (undo.value("was_running", false)) restart_later(layout);
    return StepStatus::success();
  }
  if (undo.contains("moved_to")) {
    std::string from = undo.at("moved_to"), to = step.target.at("path");
    if (fs::exists(from) && ::rename(from.c_str(), to.c_str()) != 0)
      return StepStatus::failure(errno_failure(("rename back from " + from).c_str(), to));
    return StepStatus::success();
  }
  if (!undo.contains("paths")) return StepStatus::success();  // nothing was changed
  // The state DB must not be swapped under a running gateway: stop it, and
  // start it again once every file is back.
  if ((step.kind == "config" || step.kind == "plugin") && gateway(*layout).running()) {
    if (StepStatus stopped = gateway(*layout).stop(); !stopped.ok) return stopped;
    restart_later(layout);
  }
  std::string error;
  if (!restore_paths(undo.at("paths"), saved_dir(step), error)) return StepStatus::failure(error);
  return StepStatus::success();
}

void HostExecutor::restart_later(const InstanceLayout* layout) {
  if (std::find(restart_after_rollback_.begin(), restart_after_rollback_.end(), layout) ==
      restart_after_rollback_.end())
    restart_after_rollback_.push_back(layout);
}

StepStatus HostExecutor::finish_rollback() {
  std::vector<std::string> failures, started_again;
  for (const InstanceLayout* layout : restart_after_rollback_) {
    const auto start = std::chrono::steady_clock::now();
    // As it was: on the port of the restored openclaw.json, which is the
    // plan's port only when the plan did not change it.
    InstanceLayout as_restored = *layout;
    as_restored.port = configured_port(*layout).value_or(layout->port);
    StepStatus started = make_gateway_control(as_restored, paths_, gateway_options())->restart();
    if (started.ok) started = wait_until_healthy(as_restored.port, options_.health_timeout);
    if (!started.ok) {
      failures.push_back(fmt::format("instance {}: {}", layout->instance, started.message));
      continue;
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    started_again.push_back(fmt::format("gateway of instance {} started again on port {} ({:.1f} s)",
                                        layout->instance, as_restored.port, took.count()));
  }
  restart_after_rollback_.clear();
  if (failures.empty()) return StepStatus::success(fmt::format("{}", fmt::join(started_again, "\n")));
  return StepStatus::failure(fmt::format("could not start again the gateways that ran before: {}",
                                         fmt::join(failures, "; ")));
}

StepStatus HostExecutor::write_key_file(const Step& step) {
  const Project* project = nullptr;
  for (const Project& p : manifest_.projects)
    if (p.name == step.project) project = &p;
  if (!project) return StepStatus::failure(fmt::format("project {} is not in the plan's manifest", step.project));
  const json& digests = step.target.at("digests");
  std::string content;
  for (const json& name_json : step.target.at("keys")) {
    const std::string name = name_json;
    const KeyRef* ref = nullptr;
    for (const ProjectKey& key : project->keys)
      if (key.name == name) ref = &key.ref;
    if (name == kGatewaySecretName && manifest_.gateway.auth.secret) ref = &*manifest_.gateway.auth.secret;
    if (!ref) return StepStatus::failure(fmt::format("project {}: key {} is not in the plan's manifest", step.project, name));
    std::string error;
    std::optional<std::string> value = secrets_.read(*ref, error);
    if (!value) return StepStatus::failure(fmt::format("project {}: key {} ({}): {}", step.project, name,
                                                       ref->describe(), error));
    if (value->find_first_of("\r\n") != std::string::npos)
      return StepStatus::failure(fmt::format("project {}: key {} ({}): the value has a line break, which a key "
                                             "file cannot hold", step.project, name, ref->describe()));
    if (digester_.secret_digest(*value) != digests.value(name, ""))
      return StepStatus::failure(fmt::format("project {}: key {} ({}): the value is not the one the plan was made "
                                             "with; make a new plan", step.project, name, ref->describe()));
    content += name + "=" + *value + "\n";
    std::fill(value->begin(), value->end(), '\0');
  }
  std::string error;
  bool written = write_file_atomic(step.target.at("path"), content, 0600, error);
  std::fill(content.begin(), content.end(), '\0');
  return written ? StepStatus::success() : StepStatus::failure(error);
}

StepStatus HostExecutor::patch_config(const Step& step, const InstanceLayout& layout) {
  // The patch holds SecretRefs (names of env variables), never values.
  const std::string patch_file = saved_dir(step) + "/patch.json";
  std::string error;
  if (!write_file_atomic(patch_file, nested_config_patch(step.target.at("set")).dump(2) + "\n", 0600, error))
    return StepStatus::failure(error);
  if (StepStatus patched = openclaw(layout, {"config", "patch", "--file", patch_file}); !patched.ok) return patched;
  return openclaw(layout, {"config", "validate", "--json"});
}

StepStatus HostExecutor::change_plugin(const Step& step, const InstanceLayout& layout) {
  const std::string package = step.target.at("package");
  if (step.action == Action::Delete)
    return openclaw(layout, {"plugins", "uninstall", step.target.at("id").get<std::string>(), "--force"});
  const std::string version = step.target.at("version");
  const bool installed = step.target.contains("id");
  const bool same_version = step.before.is_object() && step.before.value("version", "") == version;
  if (!installed || !same_version) {
    std::vector<std::string> args = {"plugins", "install", package + "@" + version, "--pin"};
    if (installed) args.push_back("--force");  // replaces the installed version
    if (StepStatus done = openclaw(layout, args); !done.ok) return done;
  }
  // install does not enable a plugin an earlier uninstall left disabled:
  // read back what is there, and enable it when needed.
  std::string listing;
  if (StepStatus listed = openclaw(layout, {"plugins", "list", "--json"}, &listing); !listed.ok) return listed;
  Parsed<std::vector<PluginState>> plugins = parse_plugins_list(listing);
  if (plugins.index() != 0)
    return StepStatus::failure("`openclaw plugins list --json` after the change: " + std::get<1>(plugins).message);
  for (const PluginState& p : std::get<0>(plugins)) {
    if (p.install_spec.empty() || package_of_install_spec(p.install_spec) != package) continue;
    if (p.version != version)
      return StepStatus::failure(fmt::format("{} is at {} after the install, not {}", package, p.version, version));
    if (p.enabled) return StepStatus::success();
    return openclaw(layout, {"plugins", "enable", p.id});
  }
  return StepStatus::failure(fmt::format("{} is not listed by `openclaw plugins list` after the install", package));
}

}  // namespace clawform
