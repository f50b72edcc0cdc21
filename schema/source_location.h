#pragma once
// A position in the manifest source. 1-based; line 0 means "no position"
// (a diagnostic about the file as a whole).

namespace clawform {

struct SourceLocation {
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

}  // namespace clawform
