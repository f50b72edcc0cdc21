#pragma once
// Running a program: argv (never a shell string), an explicit environment,
// stdin /dev/null, stdout and stderr captured apart and bounded, a timeout
// that kills the child's whole process group and what it started elsewhere. Plain POSIX: fork, a gate
// that holds the child until its caller recorded it (on_started), execve,
// poll() on the pipes (and on the request's cancel_fd). Safe to call from
// several threads at once.

#include <string>
#include <string_view>
#include <vector>

#include "compiler/process.h"

namespace clawform {

// Runs `request` to completion (or its timeout, or its cancel) and returns
// what happened. Never throws. Logs one debug line per call with the
// request's tag. No process of the child's group outlives the call, nor
// (where /proc shows environments) any process that inherited its mark
// (kCallMarkVariable), in another group or session.
ProcessResult run_process(const ProcessRequest& request);

// A fresh random token for kCallMarkVariable (16 hex digits). The runner
// makes one per call, unless the request's env already holds one: a caller
// that must pass it on itself (through sudo, backends/openclaw_cli.cc)
// chooses it.
std::string new_call_mark();

// `name` as an executable file in a directory of `path` (a PATH value), or
// "" when none is; a name with a '/' is returned as it is.
std::string find_on_path(const std::string& name, std::string_view path);

// argv joined with spaces, arguments with spaces or quotes quoted: for logs
// and error messages.
std::string format_argv(const std::vector<std::string>& argv);

}  // namespace clawform
