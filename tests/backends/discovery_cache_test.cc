// The discovery cache (backends/discovery/cache.h) with
// tests/support/fake-openclaw: an unchanged instance is discovered without
// an openclaw call and as it was; each input of its fingerprint, changed,
// makes openclaw be asked again. The real CLI's plugin changes are in
// tests/cli/discovery_cache_test.sh.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "backends/discover.h"
#include "backends/file_io.h"
#include "compiler/clawform_dir.h"
#include "compiler/live_state_json.h"
#include "compiler/project_filter.h"
#include "schema/load.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

Manifest healthy_only() {
  Diagnostics d;
  LoadedManifest loaded = load_manifest("fixtures/manifests/valid/discover-faults.yaml", d);
  REQUIRE_FALSE(d.has_errors());
  Result<Manifest> one = select_projects(*loaded.manifest, {"healthy"});
  REQUIRE(one);
  return *one;
}

struct CachedHost {
  testing::TempDir root;
  Manifest manifest = healthy_only();
  std::string state = root.path("home/operator/.openclaw-healthy");
  DiscoverOptions options;

  CachedHost() {
    fs::create_directories(state + "/npm/projects/openclaw-nostr-f80abd95cb");
    write("npm/projects/openclaw-nostr-f80abd95cb/package.json", "{}");
    fs::create_directories(root.path("bin"));
    fs::copy_file("tests/support/fake-openclaw", root.path("bin/openclaw"));
    options.root = root.path();
    options.openclaw = root.path("bin/openclaw");
    options.command_timeout = 5s;
    options.probe_timeout = 200ms;
    options.cache = DiscoveryCache::Mode::Use;
  }

  void write(const std::string& relative, const std::string& text) {
    std::ofstream(state + "/" + relative) << text;
  }

  // Discovers, and returns its stats.
  DiscoveryStats run(LiveState* live = nullptr) {
    DiscoveryStats stats;
    LiveState found = discover(manifest, options, &stats);
    REQUIRE(found.instances.size() == 1);
    CHECK(found.instances[0].errors.empty());
    if (live) *live = std::move(found);
    return stats;
  }

  std::string cache_file() const { return ClawformDir::of(options.root, "").discovery_cache(); }
};

TEST_CASE("discovery cache: an unchanged instance costs no openclaw call and is discovered as it was") {
  CachedHost host;
  LiveState first, second;
  DiscoveryStats asked = host.run(&first);
  CHECK(asked.openclaw_calls == 3);  // --version, its Node, plugins list
  CHECK(asked.cache_hits == 0);
  DiscoveryStats cached = host.run(&second);
  CHECK(cached.openclaw_calls == 0);
  CHECK(cached.cache_hits == 2);  // the version probe and the plugin list
  // As it was (the gateway probes, made each time, aside).
  nlohmann::json a = live_state_to_json(first), b = live_state_to_json(second);
  a["instances"][0].erase("gateway");
  b["instances"][0].erase("gateway");
  CHECK(a == b);
  REQUIRE(second.instances[0].plugins.size() == 1);
  CHECK(second.instances[0].plugins[0].install_spec == "@openclaw/nostr@2026.9.5");

  struct stat st {};
  REQUIRE(::stat(host.cache_file().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("discovery cache: each input of an instance's fingerprint, changed, asks openclaw again") {
  CachedHost host;
  host.run();
  auto plugins_asked_again = [&](const std::string& what) {
    INFO(what);
    DiscoveryStats stats = host.run();
    CHECK(stats.openclaw_calls == 1);  // plugins list; the binary is unchanged
    CHECK(stats.cache_hits == 1);
    CHECK(host.run().openclaw_calls == 0);  // and cached again
  };
  host.write("npm/projects/openclaw-nostr-f80abd95cb/package.json", "{\"dependencies\":{}}");
  plugins_asked_again("a file in npm/ rewritten");
  fs::create_directories(host.state + "/npm/projects/openclaw-other-0123456789");
  plugins_asked_again("a directory added under npm/");
  fs::remove_all(host.state + "/npm/projects/openclaw-other-0123456789");
  plugins_asked_again("a directory removed from npm/");
  host.write("openclaw.json", "{\"plugins\":{\"entries\":{\"nostr\":{\"enabled\":false}}}}");
  plugins_asked_again("openclaw.json written");
  host.write("openclaw.json", "{\"plugins\":{\"entries\":{\"nostx\":{\"enabled\":false}}}}");
  plugins_asked_again("openclaw.json of the same size, other bytes");
  fs::create_directories(host.state + "/state");
  host.write("state/openclaw.sqlite", "SQLite format 3");
  plugins_asked_again("the state database created");
  host.write("state/openclaw.sqlite-wal", "page");
  plugins_asked_again("its -wal written");
  host.write(".env", "ANTHROPIC_API_KEY=sk-canary-0000");
  plugins_asked_again(".env written");
  fs::create_directories(host.state + "/extensions/local");
  plugins_asked_again("an extension directory added");
}

TEST_CASE("discovery cache: another binary, or the same one changed, is asked again") {
  CachedHost host;
  host.run();
  // Rewritten in place (same path, other bytes and mtime).
  fs::path binary = host.root.path("bin/openclaw");
  std::ofstream(binary, std::ios::app) << "# changed\n";
  DiscoveryStats stats = host.run();
  CHECK(stats.openclaw_calls == 3);  // a binary's change reaches the plugin list too
  CHECK(stats.cache_hits == 0);
  CHECK(host.run().openclaw_calls == 0);
}

TEST_CASE("discovery cache: Refresh asks everything and keeps the answers, Off neither reads nor writes") {
  CachedHost host;
  host.options.cache = DiscoveryCache::Mode::Off;
  CHECK(host.run().openclaw_calls == 3);
  CHECK_FALSE(fs::exists(host.cache_file()));
  host.options.cache = DiscoveryCache::Mode::Refresh;
  CHECK(host.run().openclaw_calls == 3);
  CHECK(host.run().openclaw_calls == 3);
  host.options.cache = DiscoveryCache::Mode::Use;
  CHECK(host.run().openclaw_calls == 0);
}

TEST_CASE("discovery cache: a damaged or foreign cache file is an empty cache, never an error") {
  CachedHost host;
  host.run();
  for (const std::string damaged : {"{not json", "{\"format\":99,\"versions\":{},\"plugins\":{}}",
                                    "{\"format\":1,\"versions\":{\"x\":{\"version\":1}},\"plugins\":{}}", ""}) {
    INFO(damaged);
    std::ofstream(host.cache_file(), std::ios::trunc) << damaged;
    CHECK(host.run().openclaw_calls == 3);
    CHECK(host.run().openclaw_calls == 0);  // rebuilt
  }
}

TEST_CASE("discovery cache: a failed answer is not kept") {
  CachedHost host;
  host.write("openclaw.json", "{}");
  // A binary that fails every call.
  fs::path binary = host.root.path("bin/openclaw");
  std::ofstream(binary, std::ios::trunc) << "#!/bin/sh\necho broken >&2\nexit 3\n";
  fs::permissions(binary, fs::perms::owner_all);
  DiscoveryStats stats;
  LiveState live = discover(host.manifest, host.options, &stats);
  CHECK_FALSE(live.instances[0].errors.empty());
  CHECK(discover(host.manifest, host.options, &stats).instances[0].errors.size() ==
        live.instances[0].errors.size());
  CHECK(stats.cache_hits == 0);
  CHECK(stats.openclaw_calls > 0);
}

}  // namespace
}  // namespace clawform
