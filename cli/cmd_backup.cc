// clawform backup FILE --out DIR [--keep N] [--project P]... [host flags]:
// a backup set per run (backends/operations/backup_run.h), progress per
// instance as it goes, then a summary line with the set's path.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/host_lock.h"
#include "backends/os_accounts.h"
#include "backends/operations/backup_run.h"
#include "backends/real_host.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct BackupFlags {
  std::string file;
  std::string out;
  int keep = 0;  // 0: not given
  std::vector<std::string> projects;
  HostFlags host;
};

int run_backup_command(const BackupFlags& flags) {
  FileValidation validation = validate_file(flags.file, /*strict=*/false);
  if (validation.diagnostics.has_errors()) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    return 1;
  }
  const Manifest& manifest = *validation.manifest;
  if (!manifest.backup || manifest.backup->recipients.empty()) {
    std::fputs(fmt::format("error: {} has no backup recipients: add a section\n"
                           "  backup:\n"
                           "    recipients: [age1...]   # `age-keygen -y IDENTITY` prints one; keep the identity offline\n"
                           "    keep: 8                 # optional: how many sets to keep\n"
                           "to the manifest (docs/operations.md, \"backup\")\n",
                           flags.file)
                   .c_str(),
               stderr);
    return 1;
  }
  BackupOptions options;
  options.out_dir = flags.out;
  options.projects = flags.projects;
  if (flags.keep > 0) options.keep = flags.keep;
  else options.keep = manifest.backup->keep;
  options.discover = discover_options(flags.host);
  options.progress = [](const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
  };
  HostPaths paths = resolve_host_paths(manifest, options.discover.root, options.discover.real_home,
                                       options.discover.real_users);
  Result<HostLock> lock = HostLock::acquire(paths.clawform_dir, "backup", /*take_over_dead=*/false);
  if (!lock) {
    std::fputs(fmt::format("error: {}\n", lock.message()).c_str(), stderr);
    return 1;
  }
  RealHost host(paths, {});
  Result<BackupReport> report = run_backup(host, manifest, paths, options);
  if (!report) {
    std::fputs(fmt::format("error: {}\nNo backup set was written.\n", report.message()).c_str(), stderr);
    return 1;
  }
  std::uint64_t bytes = 0;
  for (const BackupInstance& i : report->index.instances)
    for (const BackupFile& f : i.files) bytes += f.bytes;
  std::fputs(fmt::format("Backup set {}: {} instance(s), {} kB, {:.1f} s{}\n", report->set_dir,
                         report->index.instances.size(), (bytes + 500) / 1000, report->seconds,
                         report->removed_sets.empty() ? ""
                                                      : fmt::format("; {} older set(s) removed (keep {})",
                                                                    report->removed_sets.size(), *options.keep))
                 .c_str(),
             stdout);
  return 0;
}

}  // namespace

Command add_backup_command(CLI::App& root) {
  auto flags = std::make_shared<BackupFlags>();
  CLI::App* app = root.add_subcommand(
      "backup", "Back up every OpenClaw instance: its state archive, and its secrets encrypted apart with age");
  app->add_option("file", flags->file, "Manifest file (fleet.yaml), with a backup: section")->required();
  app->add_option("--out", flags->out, "Directory of backup sets (created 0700 when absent)")->required();
  app->add_option("--keep", flags->keep, "Keep the newest N sets, removing older ones (overrides backup.keep)")
      ->check(CLI::PositiveNumber);
  app->add_option("--project", flags->projects, "Back up only the instance serving this project (repeatable)");
  add_host_flags(*app, flags->host);
  return {app, [flags] { return run_backup_command(*flags); }};
}

}  // namespace clawform::cli
