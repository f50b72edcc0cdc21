#pragma once
// Discovery: the live state of every instance of a manifest, read
// concurrently (at most `jobs` instances at once). A failure is recorded on
// its instance (InstanceState::errors) while the others complete. Reads
// only, except for creating clawform's digest key on first use.

#include <chrono>
#include <optional>
#include <string>

#include "backends/discovery/cache.h"
#include "compiler/host.h"
#include "compiler/instance_layout.h"
#include "compiler/instance_openclaw.h"
#include "compiler/live_state.h"
#include "schema/model.h"

namespace clawform {

struct DiscoverOptions {
  std::string root;            // --root; "" for the real host
  std::string openclaw;        // the binary (see find_openclaw); "" when none was found
  std::string real_home;       // the operator's $HOME (used without --root)
  // --real-users: under --root, topology B's users are real OS users
  // (backends/os_accounts.h); always so without --root.
  bool real_users = false;
  unsigned jobs = 0;           // 0: the number of cores
  std::chrono::milliseconds command_timeout{60'000};
  std::chrono::milliseconds probe_timeout{2'000};
  // The host's digest key when the caller already holds it; else discovery
  // loads (or creates) it.
  std::optional<std::string> digest_key;
  // What openclaw said before, kept in <clawform dir>/discovery-cache.json
  // (backends/discovery/cache.h): Off for a discovery that must not read or
  // write it, Use (the CLI's default: an unchanged instance costs no
  // openclaw call), Refresh (ask openclaw everything, keep the answers:
  // `--refresh`, and apply's check that the plan is not stale).
  DiscoveryCache::Mode cache = DiscoveryCache::Mode::Off;
};

struct DiscoveryStats {
  double wall_seconds = 0;
  double openclaw_seconds = 0;  // summed over every openclaw call
  unsigned openclaw_calls = 0;
  unsigned cache_hits = 0;  // openclaw answers taken from the discovery cache
};

LiveState discover(Host& host, const Manifest& manifest, const DiscoverOptions& options,
                   DiscoveryStats* stats = nullptr);
// The same on this machine (a RealHost).
LiveState discover(const Manifest& manifest, const DiscoverOptions& options, DiscoveryStats* stats = nullptr);

// What `openclaw --version` said: the version, or the error; and the
// version of the Node.js that runs openclaw (kNodeProbe), when it could be
// told. Discovery asks each binary once: the given one, and each other one
// an instance's service file runs (a release, compiler/openclaw_release.h).
struct VersionProbe {
  std::optional<std::string> version;
  std::optional<DiscoveryError> error;
  std::optional<std::string> node_version;
  // The binary's fingerprint (backends/discovery/fingerprint.h) when the
  // cache is on and it could be told: the plugin lists' fingerprints name it.
  std::optional<std::string> fingerprint;
};

// NODE_OPTIONS for `openclaw --version` that makes the Node running it
// print "node <version>" and exit before openclaw starts. No quotes or
// spaces: Node splits NODE_OPTIONS on them.
inline constexpr const char* kNodeProbe =
    "--import=data:text/javascript,console.log(process.release.name,process.versions.node);process.exit(0)";

// Discovers one instance (the unit the fan-out runs). `layout.openclaw` is
// the binary its service file runs ("": none, then the given one).
// `cache`: the discovery cache (its mode says whether it is used).
InstanceState discover_instance(Host& host, const InstanceLayout& layout, const HostPaths& paths,
                                const DiscoverOptions& options, const std::string& digest_key,
                                const VersionProbe& version, DiscoveryCache& cache, DiscoveryStats& stats);

// Asks `binary` (options.openclaw when empty) what it is, as `layout`'s
// instance would run it.
VersionProbe probe_version(Host& host, const InstanceLayout& layout, const HostPaths& paths,
                           const DiscoverOptions& options, const std::string& binary, DiscoveryCache& cache,
                           DiscoveryStats& stats);

// The given openclaw as it describes itself (what compile_desired needs to
// tell which instances run it), asked as the manifest's first instance.
GivenOpenClaw probe_given_openclaw(Host& host, const Manifest& manifest, const DiscoverOptions& options);
GivenOpenClaw probe_given_openclaw(const Manifest& manifest, const DiscoverOptions& options);

// The binary the service file at `layout.service_file` runs; "" when there is
// none or it names none.
std::string service_binary(Host& host, const InstanceLayout& layout);

}  // namespace clawform
