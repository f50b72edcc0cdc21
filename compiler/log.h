#pragma once
// Operator-facing log lines on stderr, each tagged with its project:
//   clawform: debug: [acme] ran `openclaw --profile acme --version`: exit 0 (0.3 s)
// The level comes from CLAWFORM_LOG (error|warn|info|debug; default warn).
// Never pass a secret value to these functions.

#include <string_view>

namespace clawform {

enum class LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3 };

bool log_enabled(LogLevel level);
// `project` may be empty for lines about the host as a whole.
void log_line(LogLevel level, std::string_view project, std::string_view message);

}  // namespace clawform
