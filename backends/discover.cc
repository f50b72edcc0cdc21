#include "backends/discover.h"

#include <algorithm>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "backends/digest.h"
#include "backends/discovery/fingerprint.h"
#include "backends/file_scan.h"
#include "backends/real_host.h"
#include "backends/openclaw_cli.h"
#include "backends/openclaw_parse.h"
#include "backends/os_accounts.h"
#include "backends/parallel.h"
#include "compiler/clawform_dir.h"
#include "compiler/service_file_fields.h"
#include "compiler/log.h"

namespace clawform {

namespace {

std::mutex stats_mutex;

void count_call(DiscoveryStats& stats, const ProcessResult& result) {
  std::lock_guard<std::mutex> lock(stats_mutex);
  stats.openclaw_calls++;
  stats.openclaw_seconds += static_cast<double>(result.elapsed.count()) / 1000.0;
}

void count_hit(DiscoveryStats& stats) {
  std::lock_guard<std::mutex> lock(stats_mutex);
  stats.cache_hits++;
}

// The discovery cache of `paths`' host, as `options` asks.
DiscoveryCache open_cache(const HostPaths& paths, const DiscoverOptions& options) {
  return DiscoveryCache(ClawformDir{paths.clawform_dir}.discovery_cache(), options.cache);
}

void keep_cache(DiscoveryCache& cache) {
  if (Status saved = cache.save(); !saved)
    log_line(LogLevel::Warn, "", "the discovery cache could not be kept: " + saved.message());
}

}  // namespace

VersionProbe probe_version(Host& host, const InstanceLayout& layout, const HostPaths& paths,
                           const DiscoverOptions& options, const std::string& binary, DiscoveryCache& cache,
                           DiscoveryStats& stats) {
  VersionProbe probe;
  if (options.openclaw.empty() && binary.empty()) {
    probe.error = DiscoveryError{"version", "openclaw --version",
                                 "no openclaw binary found (--openclaw, CLAWFORM_OPENCLAW, .deps/, PATH)"};
    return probe;
  }
  InstanceLayout as_run = layout;
  as_run.openclaw = binary;
  OpenClawCli cli(options.openclaw, as_run, paths, options.command_timeout);
  const std::vector<std::string> args = {"--version"};
  // One request for the call and its message: each request has its own
  // call mark, which a B user's argv shows (sudo ... CLAWFORM_CALL=...).
  const ProcessRequest request = cli.request(args);
  if (cache.mode() != DiscoveryCache::Mode::Off) probe.fingerprint = binary_fingerprint(cli.binary(), request);
  if (probe.fingerprint)
    if (std::optional<CachedVersion> hit = cache.version(cli.binary(), *probe.fingerprint)) {
      count_hit(stats);
      probe.version = hit->version;
      probe.node_version = hit->node_version;
      return probe;
    }
  ProcessResult result = host.run(request);
  count_call(stats, result);
  if (!result.succeeded()) {
    probe.error = DiscoveryError{"version", format_argv(request.argv), describe_failure(result)};
    probe.fingerprint.reset();
    return probe;
  }
  Result<std::string> parsed = parse_openclaw_version(result.out);
  if (parsed) probe.version = *parsed;
  else probe.error = DiscoveryError{"version", format_argv(request.argv), parsed.message()};

  // The Node that runs openclaw: not the one on PATH but the one its
  // launcher (a shell wrapper with a pinned Node, an npm shebang) picks. A
  // module NODE_OPTIONS preloads prints it and exits before openclaw starts.
  // Unknown is not an error of discovery: the plan shows it as version drift.
  ProcessResult node_result = host.run(cli.request(args, {{"NODE_OPTIONS", kNodeProbe}}));
  count_call(stats, node_result);
  Result<std::string> node_version = node_result.succeeded() ? parse_node_probe(node_result.out)
                                                             : Result<std::string>(Status::error(describe_failure(node_result)));
  if (node_version) probe.node_version = *node_version;
  else log_line(LogLevel::Debug, "", "the Node.js version of openclaw is unknown: " + node_version.message());
  // Kept only when both are known and nothing they derive from changed
  // while openclaw ran.
  if (probe.fingerprint && probe.version && probe.node_version && probe.fingerprint == binary_fingerprint(cli.binary(), request))
    cache.store_version(cli.binary(), *probe.fingerprint, {*probe.version, probe.node_version});
  else
    probe.fingerprint.reset();
  return probe;
}

std::string service_binary(Host& host, const InstanceLayout& layout) {
  if (layout.service_file.empty() || host.stat(layout.service_file).type != "file") return "";
  Result<std::string> text = host.read_file(layout.service_file);
  if (!text) return "";
  return service_program(layout.service_manager, *text);
}

GivenOpenClaw probe_given_openclaw(Host& host, const Manifest& manifest, const DiscoverOptions& options) {
  GivenOpenClaw given{options.openclaw};
  HostPaths paths = resolve_host_paths(manifest, options.root, options.real_home, options.real_users);
  std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  if (layouts.empty() || options.openclaw.empty()) return given;
  DiscoveryStats stats;
  DiscoveryCache cache = open_cache(paths, options);
  VersionProbe probe = probe_version(host, layouts.front(), paths, options, "", cache, stats);
  keep_cache(cache);
  given.version = probe.version;
  given.node_version = probe.node_version;
  return given;
}

GivenOpenClaw probe_given_openclaw(const Manifest& manifest, const DiscoverOptions& options) {
  RealHost host(resolve_host_paths(manifest, options.root, options.real_home, options.real_users), {});
  return probe_given_openclaw(host, manifest, options);
}

InstanceState discover_instance(Host& host, const InstanceLayout& layout, const HostPaths& paths,
                                const DiscoverOptions& options, const std::string& digest_key,
                                const VersionProbe& version, DiscoveryCache& cache, DiscoveryStats& stats) {
  InstanceState state;
  state.instance = layout.instance;
  for (const ProjectLayout& p : layout.projects) state.projects.push_back(p.project);
  state.state_dir = layout.state_dir;
  state.config_path = layout.config_path;
  state.state_dir_path = host.stat(layout.state_dir);
  const std::string tag = state.projects.empty() ? layout.instance : state.projects.front();

  auto fail = [&](std::string step, std::string command, std::string message) {
    log_line(LogLevel::Debug, tag, fmt::format("discovery {} failed: {}", step, message));
    state.errors.push_back({std::move(step), std::move(command), std::move(message)});
  };

  state.openclaw_version = version.version;
  state.node_version = version.node_version;
  if (version.error) fail(version.error->step, version.error->command, version.error->message);
  state.openclaw_binary = layout.openclaw;
  if (!options.openclaw.empty() || !layout.openclaw.empty()) {
    OpenClawCli cli(options.openclaw, layout, paths, options.command_timeout);

    // An instance whose state dir does not exist has no plugins or config yet;
    // asking openclaw would only list the bundled plugins.
    if (state.state_dir_path.exists) {
      const ProcessRequest request = cli.request({"plugins", "list", "--json"});
      std::optional<std::string> fingerprint;
      if (version.fingerprint) fingerprint = plugins_fingerprint(layout, request, *version.fingerprint);
      std::optional<std::vector<PluginState>> hit;
      if (fingerprint) hit = cache.plugins(layout.state_dir, *fingerprint);
      if (hit) {
        count_hit(stats);
        state.plugins = std::move(*hit);
      } else {
        ProcessResult list = host.run(request);
        count_call(stats, list);
        const std::string command = format_argv(request.argv);
        if (!list.succeeded()) {
          fail("plugins", command, describe_failure(list));
        } else {
          Result<std::vector<PluginState>> plugins = parse_plugins_list(list.out);
          if (!plugins) {
            fail("plugins", command, plugins.message());
          } else {
            state.plugins = std::move(*plugins);
            // Kept only when nothing it derives from changed while it ran.
            if (fingerprint && fingerprint == plugins_fingerprint(layout, request, *version.fingerprint))
              cache.store_plugins(layout.state_dir, *fingerprint, state.plugins);
          }
        }
      }
    }
  }

  if (host.stat(layout.config_path).type == "file") {
    if (Result<std::string> text = host.read_file(layout.config_path)) {
      Result<ConfigState> config = parse_openclaw_config(*text);
      if (config) state.config = std::move(*config);
      else fail("config", "read " + layout.config_path, config.message());
    } else {
      fail("config", "read " + layout.config_path, text.message());
    }
  }

  for (const ProjectLayout& p : layout.projects) {
    std::string error;
    state.files.push_back(
        {p.project, host.stat(p.workspace), scan_secrets(host, p.secrets_dir, p.key_file, digest_key, error)});
    if (!error.empty()) fail("filesystem", "read " + p.key_file, error);
  }
  std::string service_error;
  state.service =
      scan_service(host, layout.service_manager, layout.service_name, layout.service_file, service_error);
  if (!service_error.empty()) fail("filesystem", "read " + layout.service_file, service_error);

  if (!layout.linger_file.empty()) state.linger = host.stat(layout.linger_file);

  // An instance of remove_projects has no port in the manifest: its gateway
  // listens where its own config says, and must be found there to be stopped.
  const int port = layout.port ? layout.port : state.config.gateway_port().value_or(0);
  state.gateway = host.probe_gateway(port, options.probe_timeout);
  if (state.gateway.port_held_by_other)
    fail("gateway", "GET http://127.0.0.1:" + std::to_string(port) + "/health",
         fmt::format("port {} is held by a program that is not an OpenClaw gateway", port));
  return state;
}

LiveState discover(const Manifest& manifest, const DiscoverOptions& options, DiscoveryStats* stats) {
  RealHost host(resolve_host_paths(manifest, options.root, options.real_home, options.real_users), {});
  return discover(host, manifest, options, stats);
}

LiveState discover(Host& host, const Manifest& manifest, const DiscoverOptions& options, DiscoveryStats* stats_out) {
  auto started = std::chrono::steady_clock::now();
  DiscoveryStats stats;
  std::vector<PlanError> account_errors;
  HostPaths paths = resolve_host_paths(manifest, options.root, options.real_home, options.real_users, &account_errors);
  std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  const std::size_t kept = layouts.size();
  for (InstanceLayout& removed : removal_layouts(manifest, paths)) layouts.push_back(std::move(removed));

  LiveState live;
  live.root = options.root;
  std::vector<InstanceState> found(layouts.size());

  Result<std::string> key = options.digest_key ? Result<std::string>(*options.digest_key)
                                               : load_or_create_digest_key(paths.clawform_dir);
  const std::string key_error = key.message();
  std::optional<std::string> digest_key = key ? std::optional<std::string>(*key) : std::nullopt;
  if (!digest_key) log_line(LogLevel::Warn, "", "key digests unavailable: " + key_error);

  // Each binary asked once: the given one (instances without a service
  // file), and each one a service file runs.
  // ("": the given one.)
  DiscoveryCache cache = open_cache(paths, options);
  std::map<std::string, VersionProbe> versions;
  std::vector<const VersionProbe*> version_of(layouts.size());
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    layouts[i].openclaw = service_binary(host, layouts[i]);
    const std::string binary = layouts[i].openclaw == options.openclaw ? std::string() : layouts[i].openclaw;
    auto [it, fresh] = versions.try_emplace(binary);
    if (fresh) it->second = probe_version(host, layouts[i], paths, options, binary, cache, stats);
    version_of[i] = &it->second;
  }

  run_parallel(layouts.size(), options.jobs, [&](std::size_t i) {
    found[i] =
        discover_instance(host, layouts[i], paths, options, digest_key.value_or(""), *version_of[i], cache, stats);
    if (!digest_key) found[i].errors.push_back({"filesystem", "", "key digests unavailable: " + key_error});
  });
  for (const PlanError& e : account_errors)
    for (std::size_t i = 0; i < kept; ++i)
      if (serves_project(layouts[i], e.project)) found[i].errors.push_back({"user", "getpwnam", e.message});
  live.instances.assign(std::make_move_iterator(found.begin()), std::make_move_iterator(found.begin() + kept));
  live.removed.assign(std::make_move_iterator(found.begin() + kept), std::make_move_iterator(found.end()));
  keep_cache(cache);

  stats.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (stats_out) *stats_out = stats;
  return live;
}

}  // namespace clawform
