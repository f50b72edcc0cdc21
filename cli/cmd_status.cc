// clawform status FILE [--json] [--prometheus FILE] [host flags]: each
// project's gateway probes, OpenClaw version, plugin pins, disk use and its
// weekly growth, without starting openclaw (backends/operations/status_sample.h);
// appends a sample to the history and raises its alerts
// (compiler/operations/status_history.h). Exit 0 all well, 2 an alert is up,
// 1 an error.
#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/operations/status_history_file.h"
#include "backends/operations/status_sample.h"
#include "backends/os_accounts.h"
#include "backends/real_host.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "compiler/operations/render_status.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct StatusFlags {
  std::string file;
  HostFlags host;
  bool json = false;
  std::string prometheus;
  double probe_timeout_seconds = 2;
};

int run_status(const StatusFlags& flags) {
  FileValidation validation = validate_file(flags.file, /*strict=*/false);
  if (validation.diagnostics.has_errors()) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    return 1;
  }
  const Manifest& manifest = *validation.manifest;
  const DiscoverOptions options = discover_options(flags.host);
  const HostPaths paths = resolve_host_paths(manifest, options.root, options.real_home, options.real_users);
  GatewayControlOptions gateway_options;
  gateway_options.openclaw = options.openclaw;  // never run: status starts and stops nothing
  RealHost host(paths, gateway_options);

  StatusReport report;
  report.time = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  StatusSampleOptions sample_options;
  sample_options.probe_timeout = std::chrono::milliseconds(static_cast<long>(flags.probe_timeout_seconds * 1000));
  sample_options.jobs = options.jobs;
  report.projects = sample_projects(host, manifest, paths, sample_options);

  Result<HistoryUpdate> history = record_status_sample(paths.clawform_dir, sample_of(report));
  if (!history) {
    std::fputs(fmt::format("error: the status history: {}\n", history.message()).c_str(), stderr);
    return 1;
  }
  report.warnings = history->warnings;
  for (const std::string& warning : report.warnings) std::fputs(fmt::format("warning: {}\n", warning).c_str(), stderr);
  for (const ProjectStatus& p : report.projects) report.trends.push_back(project_trend(history->samples, p.project));

  if (flags.json) std::fputs((status_to_json(report).dump(2) + "\n").c_str(), stdout);
  else std::fputs(render_status_text(report).c_str(), stdout);
  std::fflush(stdout);
  if (!flags.prometheus.empty())
    if (Status written = write_file_atomic(flags.prometheus, render_status_prometheus(report), 0644); !written) {
      std::fputs(fmt::format("error: --prometheus: {}\n", written.message()).c_str(), stderr);
      return 1;
    }
  return report.alerting() ? 2 : 0;
}

}  // namespace

Command add_status_command(CLI::App& root) {
  auto flags = std::make_shared<StatusFlags>();
  CLI::App* app = root.add_subcommand(
      "status", "Each project's gateway health, version, plugin pins and disk use, with alerts (exit 2); "
                "never starts openclaw, fit for cron every minute");
  app->add_option("file", flags->file, "Manifest file (fleet.yaml)")->required();
  add_host_flags(*app, flags->host);
  app->add_flag("--json", flags->json, "Print the status as JSON (format clawform-status/1)");
  app->add_option("--prometheus", flags->prometheus,
                  "Also write the status to FILE for node_exporter's textfile collector (atomically)")
      ->type_name("FILE");
  app->add_option("--probe-timeout", flags->probe_timeout_seconds, "Seconds each gateway probe may take")
      ->check(positive_seconds())
      ->capture_default_str();
  return {app, [flags] { return run_status(*flags); }};
}

}  // namespace clawform::cli
