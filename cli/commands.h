#pragma once
// Each subcommand registers its flags on the root app and returns how to run
// it. Running returns the process exit code.

#include <functional>

#include <CLI/CLI.hpp>

namespace clawform::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

Command add_validate_command(CLI::App& root);
Command add_schema_command(CLI::App& root);
Command add_discover_command(CLI::App& root);
Command add_plan_command(CLI::App& root);
Command add_show_command(CLI::App& root);
Command add_apply_command(CLI::App& root);
Command add_recover_command(CLI::App& root);
Command add_unlock_command(CLI::App& root);
Command add_lock_command(CLI::App& root);
Command add_prune_command(CLI::App& root);
Command add_restore_command(CLI::App& root);
Command add_status_command(CLI::App& root);
Command add_checklist_command(CLI::App& root);
Command add_backup_command(CLI::App& root);

}  // namespace clawform::cli
