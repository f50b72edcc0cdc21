// clawform lock MANIFEST [--refresh] [--prune] [--npm PATH] [--timeout S]
//
// Writes or updates clawform.lock beside the manifest: for OpenClaw and
// every plugin pin, the exact version, the tarball's integrity and URL from
// the npm registry. Entries already locked are kept (npm versions are
// immutable); --refresh asks the registry again and refuses an integrity
// that changed; --prune drops entries this manifest does not pin (a lock
// shared by several manifests in one folder keeps them by default).
// Exit 0: written or up to date; 1: nothing written (the reason printed).
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/npm_registry.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "schema/lock_file.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct LockOptions {
  std::string manifest;
  bool refresh = false;
  bool prune = false;
  std::string npm = "npm";
  double timeout_seconds = 120;
};

void print_error(const std::string& text) { std::fputs(("clawform lock: " + text + "\n").c_str(), stderr); }

// The lock now on disk (`text`: its bytes), an empty one when there is
// none, or nothing (the diagnostics printed) when it cannot be read.
std::optional<LockFile> read_existing(const std::string& path, std::string& text) {
  Diagnostics diagnostics;
  LockFileRead read = read_lock_file(path, diagnostics);
  if (!read.exists) return LockFile{};
  for (const Diagnostic& d : diagnostics.items()) std::fputs(render_diagnostic(d, read.text).c_str(), stderr);
  if (!read.lock) print_error(fmt::format("{} cannot be read; nothing was written (fix it, or remove it to lock afresh)", path));
  text = std::move(read.text);
  return read.lock;
}

std::string short_integrity(const std::string& integrity) { return integrity.substr(0, 19) + "..."; }

int run_lock(const LockOptions& options) {
  FileValidation validation = validate_file(options.manifest, /*strict=*/false);
  if (validation.diagnostics.has_errors() || !validation.manifest) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    print_error(options.manifest + " does not validate; nothing was written");
    return 1;
  }
  const Manifest& manifest = *validation.manifest;
  const std::string path = lock_path_for(options.manifest);
  std::string before;
  std::optional<LockFile> existing = read_existing(path, before);
  if (!existing) return 1;

  LockFile lock = *existing;
  const NpmOptions npm{options.npm, std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000))};
  const std::vector<PinnedPackage> pins = pinned_packages(manifest);
  int failures = 0;
  for (const PinnedPackage& pin : pins) {
    const LockedPackage* locked = existing->find(pin.name, pin.version);
    if (locked && !options.refresh) {
      std::printf("kept    %s@%s %s\n", pin.name.c_str(), pin.version.c_str(), short_integrity(locked->integrity).c_str());
      continue;
    }
    Result<LockedPackage> found = npm_view(pin.name, pin.version, npm);
    if (!found) {
      print_error(fmt::format("{}@{} (pinned at {}:{}): {}", pin.name, pin.version, options.manifest,
                              pin.location.line, found.message()));
      ++failures;
      continue;
    }
    if (locked && locked->integrity != found->integrity) {
      print_error(fmt::format("{}@{}: the registry now serves {}, the lock says {}: the same version with other "
                              "bytes; refusing (find out why before trusting either)",
                              pin.name, pin.version, found->integrity, locked->integrity));
      ++failures;
      continue;
    }
    std::printf("locked  %s@%s %s\n", pin.name.c_str(), pin.version.c_str(), short_integrity(found->integrity).c_str());
    lock.put(std::move(*found));
  }
  if (options.prune) {
    std::erase_if(lock.packages, [&](const LockedPackage& p) {
      bool pinned = std::any_of(pins.begin(), pins.end(),
                                [&](const PinnedPackage& pin) { return pin.name == p.name && pin.version == p.version; });
      if (!pinned) std::printf("dropped %s@%s (not pinned by %s)\n", p.name.c_str(), p.version.c_str(),
                               options.manifest.c_str());
      return !pinned;
    });
  }
  if (failures > 0) {
    print_error(fmt::format("{} package{} could not be locked; nothing was written", failures, failures == 1 ? "" : "s"));
    return 1;
  }
  const std::string text = render_lock_file(lock);
  if (text == before) {
    std::printf("%s is up to date (%zu packages)\n", path.c_str(), lock.packages.size());
    return 0;
  }
  if (Status written = write_file_atomic(path, text, 0644); !written) {
    print_error(written.message());
    return 1;
  }
  std::printf("wrote %s (%zu packages)\n", path.c_str(), lock.packages.size());
  return 0;
}

}  // namespace

Command add_lock_command(CLI::App& root) {
  auto options = std::make_shared<LockOptions>();
  CLI::App* app = root.add_subcommand(
      "lock", "Write clawform.lock beside the manifest: every pinned package's integrity from the npm registry");
  app->add_option("manifest", options->manifest, "The fleet manifest (fleet.yaml)")->required();
  app->add_flag("--refresh", options->refresh,
                "Ask the registry again for packages already locked (a changed integrity is refused)");
  app->add_flag("--prune", options->prune, "Drop locked packages this manifest does not pin");
  app->add_option("--npm", options->npm, "The npm binary to ask")->capture_default_str();
  app->add_option("--timeout", options->timeout_seconds, "Seconds each npm call may take")
      ->check(positive_seconds())
      ->capture_default_str();
  return {app, [options] { return run_lock(*options); }};
}

}  // namespace clawform::cli
