#pragma once
// The manifest stage in one call: read -> parse YAML -> decode -> lint.

#include <optional>
#include <string>

#include "schema/diagnostic.h"
#include "schema/model.h"
#include "schema/source_file.h"

namespace clawform {

struct LoadedManifest {
  std::optional<SourceFile> source;  // set when the file could be read
  std::optional<Manifest> manifest;  // set when it parsed as YAML; check diagnostics for errors
};

// Loads and validates `path`, reporting every problem to `diagnostics`.
// The manifest is usable only when `diagnostics` has no errors.
LoadedManifest load_manifest(const std::string& path, Diagnostics& diagnostics);

// The same, for text already in memory (a saved plan's copy of the manifest).
LoadedManifest load_manifest_source(SourceFile source, Diagnostics& diagnostics);

}  // namespace clawform
