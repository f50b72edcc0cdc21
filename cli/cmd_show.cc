// clawform show PLAN [--format text|json|markdown] [--offline] [host flags]
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/planner.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "cli/plan_output.h"

namespace clawform::cli {

namespace {

struct ShowFlags {
  std::string file;
  std::string format = "text";
  bool offline = false;
  bool no_color = false;
  HostFlags host;
};

std::optional<PlanFile> load_plan_file(const std::string& path) {
  Result<std::string> text = read_file(path);
  if (!text) {
    std::fputs(fmt::format("clawform: cannot read the plan: {}\n", text.message()).c_str(), stderr);
    return std::nullopt;
  }
  Result<PlanFile> file = read_plan_file(*text);
  if (!file) {
    std::fputs(fmt::format("clawform: {} is not a clawform plan: {}\n", path, file.message()).c_str(), stderr);
    return std::nullopt;
  }
  return std::move(*file);
}

void warn_if_stale(const PlanFile& file, const ShowFlags& flags) {
  HostFlags host = flags.host;
  if (host.root.empty()) host.root = file.root;
  FreshnessCheck check = check_freshness(file, discover_options(host, file.openclaw));
  if (!check.errors.empty()) {
    std::string out = "warning: could not check the plan against the host:\n";
    for (const std::string& e : check.errors) out += "  " + e + "\n";
    std::fputs(out.c_str(), stderr);
  } else if (!check.current) {
    std::string out = "warning: the host has changed since this plan was made; apply will refuse it. Changed:\n";
    for (const std::string& d : check.drift) out += "  " + d + "\n";
    std::fputs(out.c_str(), stderr);
  }
}

int run_show(const ShowFlags& flags) {
  std::optional<PlanFile> file = load_plan_file(flags.file);
  if (!file) return 1;
  std::string rendered = render_plan(*file, flags.format, !flags.no_color && stdout_wants_color(), flags.file);
  std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  std::fflush(stdout);
  if (!flags.offline) warn_if_stale(*file, flags);
  return 0;
}

}  // namespace

Command add_show_command(CLI::App& root) {
  auto flags = std::make_shared<ShowFlags>();
  CLI::App* app = root.add_subcommand("show", "Render a saved plan; warn when the host no longer matches it");
  app->add_option("plan", flags->file, "A plan saved by `clawform plan --out`")->required();
  add_plan_format_flags(*app, flags->format, flags->no_color);
  app->add_flag("--offline", flags->offline, "Do not rediscover the host to check the plan is current");
  add_host_flags(*app, flags->host);
  return {app, [flags] { return run_show(*flags); }};
}

}  // namespace clawform::cli
