// clawform prune FILE [--yes] [host flags]: the OpenClaw releases no instance
// uses (backends/release_prune.h); listed, and removed with --yes.
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/host_lock.h"
#include "backends/os_accounts.h"
#include "backends/real_host.h"
#include "backends/release_prune.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct PruneFlags {
  std::string file;
  HostFlags host;
  bool yes = false;
};

std::string megabytes(std::uintmax_t bytes) { return fmt::format("{:.0f} MB", static_cast<double>(bytes) / 1e6); }

int run_prune(const PruneFlags& flags) {
  FileValidation validation = validate_file(flags.file, /*strict=*/false);
  if (validation.diagnostics.has_errors()) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    return 1;
  }
  const Manifest& manifest = *validation.manifest;
  const DiscoverOptions options = discover_options(flags.host);
  HostPaths paths = resolve_host_paths(manifest, options.root, options.real_home, options.real_users);
  Result<HostLock> lock = HostLock::acquire(paths.clawform_dir, "prune", /*take_over_dead=*/false);
  if (!lock) {
    std::fputs(fmt::format("error: {}\n", lock.message()).c_str(), stderr);
    return 1;
  }
  RealHost host(paths, {});
  Result<PruneReport> report = prune_releases(host, manifest, paths, flags.yes);
  if (!report) {
    std::fputs(fmt::format("error: {}\n", report.message()).c_str(), stderr);
    return 1;
  }
  for (const ReleaseEntry& e : report->kept)
    std::fputs(fmt::format("  keep    {}  {}  ({})\n", e.name, megabytes(e.bytes), fmt::join(e.used_by, ", ")).c_str(),
               stdout);
  std::uintmax_t freed = 0;
  for (const ReleaseEntry& e : report->removable) {
    freed += e.bytes;
    std::fputs(fmt::format("  {}  {}  {}  (no instance uses it)\n", flags.yes ? "removed" : "remove ", e.name,
                           megabytes(e.bytes))
                   .c_str(),
               stdout);
  }
  if (report->removable.empty()) std::fputs("Nothing to prune.\n", stdout);
  else if (flags.yes) std::fputs(fmt::format("Pruned {} release(s), {} freed.\n", report->removable.size(), megabytes(freed)).c_str(), stdout);
  else std::fputs(fmt::format("Would prune {} release(s), {}; run again with --yes to remove them.\n",
                              report->removable.size(), megabytes(freed)).c_str(), stdout);
  return 0;
}

}  // namespace

Command add_prune_command(CLI::App& root) {
  auto flags = std::make_shared<PruneFlags>();
  CLI::App* app = root.add_subcommand("prune", "List (and with --yes remove) the OpenClaw releases no instance uses");
  app->add_option("file", flags->file, "Manifest file (fleet.yaml)")->required();
  add_host_flags(*app, flags->host);
  app->add_flag("--yes", flags->yes, "Remove them (without it, only list them)");
  return {app, [flags] { return run_prune(*flags); }};
}

}  // namespace clawform::cli
