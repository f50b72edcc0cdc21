#pragma once
// A first word that is no command: `clawform bakup` (with or without
// --help) is an error naming the word, with "did you mean" when a command
// is a plausible typo of it (schema/edit_distance.h) and the list of
// commands. CLI11 alone would say "A subcommand is required", or print the
// main help and exit 0.

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

namespace clawform::cli {

// The message for the first non-option argument when it names none of
// `app`'s subcommands; nullopt when it names one or there is none.
std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv);

}  // namespace clawform::cli
