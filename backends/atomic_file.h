#pragma once
// Writing a file so that a reader (or a crash) sees either the old bytes or
// the new ones, never a mix: write a temporary file beside it, fsync it,
// rename it over the target, fsync the directory.

#include <string>
#include <string_view>

namespace clawform {

// Writes `bytes` to `path` with permission bits `mode`. false with `error`
// set (naming the path and the failing call) when any step fails; the
// target is then untouched and the temporary file removed.
bool write_file_atomic(const std::string& path, std::string_view bytes, unsigned mode, std::string& error);

}  // namespace clawform
