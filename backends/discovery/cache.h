#pragma once
// The discovery cache: what openclaw said about this host, kept so that
// discovering an unchanged instance asks openclaw nothing. Two kinds of
// answers, each kept with the fingerprint of everything it derives from
// (backends/discovery/fingerprint.h); a lookup with another fingerprint is
// a miss:
// - a binary's version probe (`openclaw --version`, and its Node's
//   version), by the binary's path;
// - an instance's plugin list (`plugins list --json`, parsed), by its state
//   dir.
// The caller takes the fingerprint before the call and again after it, and
// stores the answer only when both agree: a change while openclaw ran is
// never cached as the state after it.
//
// The file: <clawform dir>/discovery-cache.json, 0600, written atomically
// when an answer was added or replaced. Unreadable, damaged or of another
// format version: an empty cache (discovery rebuilds it), never an error.
// It holds versions and plugin lists, no key value. Safe to use from the
// threads of one discovery.

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/live_state.h"
#include "compiler/status.h"

namespace clawform {

// What a binary's version probe found (backends/discover.h VersionProbe
// without its error: failed probes are never cached).
struct CachedVersion {
  std::string version;
  std::optional<std::string> node_version;
};

class DiscoveryCache {
 public:
  // How discovery uses the cache.
  enum class Mode {
    Off,      // neither read nor written (the default; tests with fake hosts)
    Use,      // hits are used, misses asked and stored
    Refresh,  // everything asked, answers stored (`--refresh`, apply's live check)
  };

  // Loads `path` (absent or unreadable: empty) unless `mode` is Off.
  DiscoveryCache(std::string path, Mode mode);
  DiscoveryCache() = default;

  Mode mode() const { return mode_; }

  std::optional<CachedVersion> version(const std::string& binary, const std::string& fingerprint) const;
  void store_version(const std::string& binary, const std::string& fingerprint, CachedVersion answer);

  std::optional<std::vector<PluginState>> plugins(const std::string& state_dir, const std::string& fingerprint) const;
  void store_plugins(const std::string& state_dir, const std::string& fingerprint, std::vector<PluginState> answer);

  // Writes the file when something was stored since it was loaded, over
  // what the file holds then (another clawform's answers stay, but where
  // this one stored its own); an error names the file (the caller logs it:
  // a cache that cannot be kept is no error of discovery).
  Status save();

 private:
  struct Versions {
    std::string fingerprint;
    CachedVersion answer;
  };
  struct Plugins {
    std::string fingerprint;
    std::vector<PluginState> answer;
  };

  void read(std::map<std::string, Versions>& versions, std::map<std::string, Plugins>& plugins) const;

  std::string path_;
  Mode mode_ = Mode::Off;
  mutable std::mutex mutex_;
  std::map<std::string, Versions> versions_;
  std::map<std::string, Plugins> plugins_;
  std::set<std::string> stored_versions_, stored_plugins_;  // since the last save
};

}  // namespace clawform
