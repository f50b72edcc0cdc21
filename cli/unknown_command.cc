#include "cli/unknown_command.h"

#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "schema/edit_distance.h"

namespace clawform::cli {

std::optional<std::string> unknown_command(const CLI::App& app, int argc, const char* const* argv) {
  std::string_view word;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") return std::nullopt;
    if (!arg.starts_with("-")) {
      word = arg;
      break;
    }
  }
  if (word.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (command->check_name(std::string(word))) return std::nullopt;
    names.push_back(command->get_name());
  }
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string message = fmt::format("clawform: unknown command \"{}\"", word);
  if (std::optional<std::string_view> near = closest_match(word, candidates))
    message += fmt::format("; did you mean \"{}\"?", *near);
  message += fmt::format("\nThe commands are: {}. Run `clawform --help` for what each does.\n",
                         fmt::join(names, ", "));
  return message;
}

}  // namespace clawform::cli
