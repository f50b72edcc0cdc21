#include "schema/diagnostic.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

namespace clawform {

std::string_view severity_name(Severity severity) {
  return severity == Severity::Error ? "error" : "warning";
}

void Diagnostics::add(Diagnostic diagnostic) {
  (diagnostic.severity == Severity::Error ? error_count_ : warning_count_)++;
  if (items_.size() >= limit_) {
    ++dropped_;
    return;
  }
  items_.push_back(std::move(diagnostic));
}

void Diagnostics::error(std::string_view id, std::string file, SourceLocation location,
                        std::string message) {
  add({Severity::Error, std::string(id), std::move(message), std::move(file), location});
}

void Diagnostics::warning(std::string_view id, std::string file, SourceLocation location,
                          std::string message) {
  add({Severity::Warning, std::string(id), std::move(message), std::move(file), location});
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.file, a.location.line, a.location.column) <
           std::tie(b.file, b.location.line, b.location.column);
  });
}

void Diagnostics::promote_warnings() {
  for (auto& d : items_) d.severity = Severity::Error;
  error_count_ += warning_count_;
  warning_count_ = 0;
}

namespace {

// The text of 1-based line `line` in `source`, without its newline.
std::string_view source_line(std::string_view source, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = source.find('\n', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  std::size_t end = source.find('\n', start);
  std::string_view text = source.substr(start, end == std::string_view::npos ? end : end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string render_diagnostic(const Diagnostic& d, std::string_view source) {
  std::string out;
  if (d.location.known()) {
    out = fmt::format("{}:{}:{}: {}: [{}] {}\n", d.file, d.location.line, d.location.column,
                      severity_name(d.severity), d.id, d.message);
  } else {
    out = fmt::format("{}: {}: [{}] {}\n", d.file, severity_name(d.severity), d.id, d.message);
  }
  if (!d.location.known() || source.empty()) return out;
  std::string_view line = source_line(source, d.location.line);
  if (line.empty()) return out;
  // Columns count bytes (as schema/yaml_tree.cc reports them); the caret line gets one space per
  // code point before the column so it lines up under UTF-8 text, and mirrors
  // tabs.
  std::string caret = "    ";
  std::size_t col = static_cast<std::size_t>(d.location.column > 0 ? d.location.column - 1 : 0);
  for (std::size_t i = 0; i < col; ++i) {
    char c = i < line.size() ? line[i] : ' ';
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
    caret += c == '\t' ? '\t' : ' ';
  }
  if (d.redact_source) {
    // Everything from the column on may be a secret value: mask it.
    out += fmt::format("    {}<redacted>\n{}^\n", line.substr(0, std::min(col, line.size())), caret);
  } else {
    out += fmt::format("    {}\n{}^\n", line, caret);
  }
  return out;
}

}  // namespace clawform
