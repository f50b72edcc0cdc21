#pragma once
// Diagnostics: what is wrong with an input, where, and how bad.
//
// Every diagnostic has a stable ID (documented in docs/lints.md) and renders as
//   FILE:LINE:COL: error|warning: [ID] message
// followed by the offending source line and a caret under the column.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "schema/source_location.h"

namespace clawform {

enum class Severity { Error, Warning };

std::string_view severity_name(Severity severity);

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string id;
  std::string message;
  std::string file;
  SourceLocation location;
  // When set, the source line is not echoed (it may hold a secret value).
  bool redact_source = false;
};

// Collects diagnostics for one run. Keeps at most `limit` of them; the rest
// are only counted, so a hostile input cannot make the report unbounded.
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t limit = 200) : limit_(limit) {}

  void add(Diagnostic diagnostic);
  void error(std::string_view id, std::string file, SourceLocation location,
             std::string message);
  void warning(std::string_view id, std::string file, SourceLocation location,
               std::string message);

  const std::vector<Diagnostic>& items() const { return items_; }
  std::size_t error_count() const { return error_count_; }
  std::size_t warning_count() const { return warning_count_; }
  std::size_t dropped() const { return dropped_; }
  bool has_errors() const { return error_count_ > 0; }

  // Orders the kept diagnostics by file, line, column (stable otherwise).
  void sort();
  // Turns every warning into an error (validate --strict).
  void promote_warnings();

 private:
  std::vector<Diagnostic> items_;
  std::size_t limit_;
  std::size_t error_count_ = 0;
  std::size_t warning_count_ = 0;
  std::size_t dropped_ = 0;
};

// Renders one diagnostic: the header line, then (when the position is known
// and `source` holds that line) the line and a caret. Ends with a newline.
std::string render_diagnostic(const Diagnostic& diagnostic, std::string_view source);

}  // namespace clawform
