#pragma once
// `clawform validate` as a library call: validate one manifest and render
// the report the operator reads. The CLI and the golden tests share it.

#include <string>

#include <optional>

#include "schema/diagnostic.h"
#include "schema/model.h"

namespace clawform {

struct FileValidation {
  std::string file;
  std::string source;  // the manifest text, when it could be read
  Diagnostics diagnostics;
  std::optional<Manifest> manifest;  // usable only when diagnostics has no errors
};

// Loads, decodes and lints `path`; `strict` turns warnings into errors.
// Diagnostics come sorted by position.
FileValidation validate_file(const std::string& path, bool strict);
// The same for a manifest's text already in memory; `name` stands for the
// file in diagnostics.
FileValidation validate_text(const std::string& name, const std::string& text, bool strict);

// Every diagnostic with its source line and caret, then one summary line:
//   FILE: valid | invalid[, N errors][, N warnings][ (N not shown)]
std::string render_validation_text(const FileValidation& validation);

}  // namespace clawform
