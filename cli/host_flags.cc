#include "cli/host_flags.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "backends/openclaw_cli.h"

namespace clawform::cli {

const CLI::Validator& positive_seconds() {
  static const CLI::Validator validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        double seconds = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(seconds > 0) || seconds > 1e9)
          return "\"" + text + "\" is not a number of seconds above zero";
        return "";
      },
      "SECONDS");
  return validator;
}

void add_host_flags(CLI::App& app, HostFlags& flags) {
  app.add_option("--root", flags.root, "Sandbox root: every host path maps under DIR");
  app.add_flag("--real-users", flags.real_users,
               "With --root: topology B's users are real OS users (their homes, openclaw run as them, linger); "
               "always so without --root");
  app.add_option("--openclaw", flags.openclaw, "The openclaw binary to run");
  app.add_option("--jobs", flags.jobs, "Instances discovered at once (default: the number of cores); given to apply, also instances applied at once (default: all; 1: one after another, all or nothing)")
      ->check(CLI::Range(1u, 64u));
  app.add_option("--timeout", flags.timeout_seconds, "Seconds each openclaw call may take")
      ->envname("CLAWFORM_TIMEOUT")
      ->check(positive_seconds())
      ->capture_default_str();
}

void add_refresh_flag(CLI::App& app, HostFlags& flags) {
  app.add_flag("--refresh", flags.refresh,
               "Ask openclaw about every instance, even unchanged ones (the discovery cache, docs/discovery.md)");
}

DiscoverOptions discover_options(const HostFlags& flags, const std::string& fallback_openclaw) {
  DiscoverOptions options;
  if (!flags.root.empty()) options.root = std::filesystem::absolute(flags.root).lexically_normal().string();
  while (options.root.size() > 1 && options.root.back() == '/') options.root.pop_back();
  options.real_users = flags.real_users;
  const char* home = std::getenv("HOME");
  options.real_home = home ? home : "";
  options.jobs = flags.jobs;
  options.cache = flags.refresh ? DiscoveryCache::Mode::Refresh : DiscoveryCache::Mode::Use;
  options.command_timeout = std::chrono::milliseconds(static_cast<long>(flags.timeout_seconds * 1000));
  std::vector<std::string> tried;
  options.openclaw = find_openclaw(flags.openclaw, tried).value_or(fallback_openclaw);
  return options;
}

}  // namespace clawform::cli
