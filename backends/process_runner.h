#pragma once
// Running a program: argv (never a shell string), an explicit environment,
// stdin closed, stdout and stderr captured apart and bounded, a timeout that
// kills the child's whole process group. The only user of Boost.Process.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/process.h"

namespace clawform {

// Runs `request` to completion (or its timeout) and returns what happened.
// Never throws. Logs one debug line per call with the request's tag.
ProcessResult run_process(const ProcessRequest& request);

// `name` as an executable file in a directory of `path` (a PATH value), or
// "" when none is; a name with a '/' is returned as it is.
std::string find_on_path(const std::string& name, std::string_view path);

// argv joined with spaces, arguments with spaces or quotes quoted: for logs
// and error messages.
std::string format_argv(const std::vector<std::string>& argv);

}  // namespace clawform
