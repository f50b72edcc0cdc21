#pragma once
// Reading the manifest (and the lock file beside it) from disk: the only
// file access schema/ does.

#include <optional>
#include <string>

#include "schema/diagnostic.h"

namespace clawform {

// Manifests larger than this are refused before parsing.
inline constexpr std::size_t kMaxManifestBytes = 8 * 1024 * 1024;

struct SourceFile {
  std::string path;  // as given by the operator; used in every diagnostic
  std::string text;  // the bytes, valid UTF-8, without a leading BOM
};

// Reads `path`. On a missing file, a directory, an unreadable, empty, oversized
// or non-UTF-8 file, reports one error to `diagnostics` and returns nullopt.
std::optional<SourceFile> read_source_file(const std::string& path, Diagnostics& diagnostics);

}  // namespace clawform
