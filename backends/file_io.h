#pragma once
// Reading and writing whole files on the host. Writes are atomic: a reader
// (or a crash) sees either the old bytes or the new ones, never a mix — a
// temporary file beside the target is written, fsynced and renamed over it,
// then the directory is fsynced.

#include <cstddef>
#include <string>
#include <string_view>

#include "compiler/status.h"

namespace clawform {

// The bytes of the regular file at `path`, refusing files over `max_bytes`.
// Otherwise an error ("PATH: No such file or directory", "PATH is not a
// regular file", "PATH is N bytes; over the limit of M") that never quotes
// the file's content.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = std::size_t{64} << 20);

// Writes `bytes` to `path` with permission bits `mode`. An error (naming the
// path and the failing call) when any step fails; the target is then
// untouched and the temporary file removed.
Status write_file_atomic(const std::string& path, std::string_view bytes, unsigned mode);

// mkdir -p whose directories are never wider than asked, under any umask:
// `path`, when this call creates it, is made by mkdir(2) with `mode` and
// then given exactly `mode` (a hostile umask 000 cannot widen it; a strict
// one cannot leave it unusable); each missing parent is made likewise with
// `parents` (default 0755: never group- or world-writable). A directory
// that exists is left as it is; a part of `path` that exists as something
// else is an error naming it.
Status make_dirs(const std::string& path, unsigned mode, unsigned parents = 0755);

}  // namespace clawform
