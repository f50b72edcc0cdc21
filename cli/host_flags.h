#pragma once
// The flags of every command that reads the host (discover, plan, show,
// apply): where the host is and how openclaw is run there.

#include <string>

#include <CLI/CLI.hpp>

#include "backends/discover.h"

namespace clawform::cli {

struct HostFlags {
  std::string root;
  bool real_users = false;
  std::string openclaw;
  unsigned jobs = 0;
  double timeout_seconds = 60;
  bool refresh = false;  // --refresh (plan, discover): ask openclaw everything
};

void add_host_flags(CLI::App& app, HostFlags& flags);
// --refresh: the discovery cache is not read (its answers are replaced).
void add_refresh_flag(CLI::App& app, HostFlags& flags);

// A timeout in seconds: a number above zero. The message names the value
// (and CLI11 the flag), not CLI11's range of doubles.
const CLI::Validator& positive_seconds();

// The discovery cache is used (Refresh with --refresh). `fallback_openclaw`
// is used when neither --openclaw nor the usual search (CLAWFORM_OPENCLAW,
// .deps/, PATH) finds one; e.g. a saved plan's binary.
DiscoverOptions discover_options(const HostFlags& flags, const std::string& fallback_openclaw = "");

}  // namespace clawform::cli
