// clawform discover FILE [--root DIR] [--json] [--timing] [host flags]
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "backends/discover.h"
#include "backends/os_accounts.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "compiler/live_state_json.h"
#include "compiler/offline/recorded_host.h"
#include "compiler/render_live_state.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct DiscoverFlags {
  std::string file;
  HostFlags host;
  bool json = false;
  bool timing = false;
};

int run_discover(const DiscoverFlags& flags) {
  FileValidation validation = validate_file(flags.file, /*strict=*/false);
  if (validation.diagnostics.has_errors()) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    return 1;
  }
  DiscoverOptions options = discover_options(flags.host);

  DiscoveryStats stats;
  LiveState live = discover(*validation.manifest, options, &stats);
  if (flags.timing)
    std::fputs(fmt::format("discovered {} instances in {:.2f} s; {} openclaw calls took {:.2f} s in all "
                           "(wall / sum = {:.2f}); {} answers from the discovery cache\n",
                           live.instances.size(), stats.wall_seconds, stats.openclaw_calls, stats.openclaw_seconds,
                           stats.openclaw_seconds > 0 ? stats.wall_seconds / stats.openclaw_seconds : 0.0,
                           stats.cache_hits)
                   .c_str(),
               stderr);
  std::string out;
  if (flags.json) {
    // With what `plan --live-state` needs to plan from it offline (compiler/offline/recorded_host.h).
    // The given openclaw was just asked (or its answer kept) by discover():
    // its answer is taken from the cache it refreshed, not asked again.
    DiscoverOptions asked = options;
    if (asked.cache == DiscoveryCache::Mode::Refresh) asked.cache = DiscoveryCache::Mode::Use;
    nlohmann::json document = live_state_to_json(live);
    RecordedHost host{resolve_host_paths(*validation.manifest, options.root, options.real_home, options.real_users),
                      probe_given_openclaw(*validation.manifest, asked)};
    document["host"] = recorded_host_to_json(host);
    out = document.dump(2) + "\n";
  } else {
    out = render_live_state_text(live);
  }
  std::fputs(out.c_str(), stdout);
  bool complete = std::all_of(live.instances.begin(), live.instances.end(),
                              [](const InstanceState& i) { return i.complete(); });
  return complete ? 0 : 1;
}

}  // namespace

Command add_discover_command(CLI::App& root) {
  auto flags = std::make_shared<DiscoverFlags>();
  CLI::App* app = root.add_subcommand("discover", "Read the live state of every instance the manifest names");
  app->add_option("file", flags->file, "Manifest file (fleet.yaml)")->required();
  add_host_flags(*app, flags->host);
  add_refresh_flag(*app, flags->host);
  app->add_flag("--json", flags->json, "Print the live state as JSON (docs/discovery.md)");
  app->add_flag("--timing", flags->timing, "Print wall time and time spent in openclaw to stderr");
  return {app, [flags] { return run_discover(*flags); }};
}

}  // namespace clawform::cli
