// clawform: a declarative configuration compiler for OpenClaw hosts.
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/allocator.h"
#include "cli/commands.h"
#include "cli/unknown_command.h"

int main(int argc, char** argv) {
  clawform::cli::configure_allocator();
  CLI::App app{"clawform: plan and apply a fleet manifest on an OpenClaw host", "clawform"};
  app.set_version_flag("--version", "clawform " CLAWFORM_VERSION);
  app.require_subcommand(1);

  std::vector<clawform::cli::Command> commands = {
      clawform::cli::add_validate_command(app),
      clawform::cli::add_schema_command(app),
      clawform::cli::add_discover_command(app),
      clawform::cli::add_plan_command(app),
      clawform::cli::add_show_command(app),
      clawform::cli::add_apply_command(app),
      clawform::cli::add_recover_command(app),
      clawform::cli::add_unlock_command(app),
      clawform::cli::add_lock_command(app),
      clawform::cli::add_prune_command(app),
      clawform::cli::add_checklist_command(app),
      clawform::cli::add_backup_command(app),
      clawform::cli::add_restore_command(app),
      clawform::cli::add_status_command(app),
  };

  if (std::optional<std::string> unknown = clawform::cli::unknown_command(app, argc, argv)) {
    std::fputs(unknown->c_str(), stderr);
    return 1;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // A usage error is an error (1): 2 means "changes present" to scripts
    // running `plan --detailed-exitcode`, and must never come from a typo.
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  try {
    for (const auto& command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "clawform: internal error: %s\n", e.what());
    return 1;
  }
  return 2;
}
