#pragma once
// The seams through which clawform reaches the host. compiler/ declares
// them; backends/ implements them against the real host (RealHost, under
// --root a sandbox); tests/support/memory_host.h implements Host in memory
// so that every step handler is unit-tested in milliseconds.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/instance_layout.h"
#include "compiler/live_state.h"
#include "compiler/process.h"
#include "compiler/secret_values.h"
#include "compiler/status.h"
#include "schema/model.h"

namespace clawform {

// Reads secret values from where key references point. The value is used
// at once (digested, or written to a key file) and never stored elsewhere.
class SecretSource {
 public:
  virtual ~SecretSource() = default;
  // The value `ref` points at, or an error saying why (without the value):
  // "environment variable ACME_KEY is not set". Every value returned is
  // remembered for redact().
  // Safe from several threads (instances applied at once).
  Result<std::string> read(const KeyRef& ref) {
    Result<std::string> value = read_value(ref);
    if (value) {
      std::lock_guard<std::mutex> lock(seen_mutex_);
      seen_.remember(ref.describe(), *value);
    }
    return value;
  }
  // `text` with every value read so far replaced by "[value of env:NAME]":
  // for what openclaw says (a doctor finding, a stderr tail) before it is
  // printed, journaled or written into a plan.
  std::string redact(std::string text) const {
    std::lock_guard<std::mutex> lock(seen_mutex_);
    return seen_.redact(std::move(text));
  }

 protected:
  virtual Result<std::string> read_value(const KeyRef& ref) = 0;

 private:
  mutable std::mutex seen_mutex_;
  SecretValues seen_;
};

// Digests, in lower-case hex.
class Digester {
 public:
  virtual ~Digester() = default;
  // A secret value, keyed by the host's digest key (HMAC-SHA256): the same
  // digests discovery records for key files.
  virtual std::string secret_digest(const std::string& value) const = 0;
  // Plain SHA-256 of non-secret content (service files).
  virtual std::string content_digest(const std::string& content) const = 0;
};

// A path to save before a step changes it (Host::save_paths).
struct SavedPath {
  std::string path;
  // A directory: true keeps its whole tree (restored exactly: entries added
  // since are removed); false keeps only that it is a directory and its mode.
  bool whole_tree = false;
};

// Everything that touches the machine: processes, files, the service
// manager and the gateways' HTTP endpoints, and the clock. Paths are host
// paths (already under --root). No method throws.
class Host {
 public:
  virtual ~Host() = default;

  // Runs a program to completion or its timeout (backends/process_runner.h).
  virtual ProcessResult run(const ProcessRequest& request) = 0;

  // The bytes of the regular file at `path` (refused over `max_bytes`).
  virtual Result<std::string> read_file(const std::string& path, std::size_t max_bytes = std::size_t{64} << 20) = 0;
  // Atomically: a reader or a crash sees the old bytes or the new, never a mix.
  virtual Status write_file(const std::string& path, std::string_view bytes, unsigned mode) = 0;
  // lstat; exists=false when absent.
  virtual PathState stat(const std::string& path) = 0;
  // mkdir -p, then `path` gets `mode`.
  virtual Status make_directory(const std::string& path, unsigned mode) = 0;
  // Gives `path` (not following a symlink) to `account`'s uid and gid.
  virtual Status set_owner(const std::string& path, const OsAccount& account) = 0;
  // A file, or a directory with its tree; success when absent.
  virtual Status remove(const std::string& path) = 0;
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  // Copies of `paths` into `save_dir`, and a record of what each was (no
  // file content in it). `floor`: the directory a missing path's ancestors
  // are not searched above (see backends/path_snapshot.h).
  virtual Result<nlohmann::json> save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                            const std::string& save_dir) = 0;
  // Makes each path of `record` what it was; idempotent.
  virtual Status restore_paths(const nlohmann::json& record, const std::string& save_dir) = 0;
  // Whether each path of `record` is what it was (type, mode, bytes of its
  // saved copy); an error names the first that is not.
  virtual Status verify_paths(const nlohmann::json& record, const std::string& save_dir) = 0;

  // The instance's gateway, through its service manager (or, under --root,
  // the sandbox runner).
  virtual bool gateway_running(const InstanceLayout& instance) = 0;
  // Stops a running one, starts it on `port`, and returns once it answers
  // /health there (or fails naming why).
  virtual Status start_gateway(const InstanceLayout& instance, int port) = 0;
  // Success when it was not running.
  virtual Status stop_gateway(const InstanceLayout& instance) = 0;
  // GET /health and /ready on 127.0.0.1:`port`.
  virtual GatewayState probe_gateway(int port, std::chrono::milliseconds timeout) = 0;

  virtual std::chrono::steady_clock::time_point now() = 0;
  virtual void sleep_for(std::chrono::milliseconds duration) = 0;
};

}  // namespace clawform
