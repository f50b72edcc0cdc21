#include "backends/doctor_lint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace clawform {

namespace {

using nlohmann::json;

std::string text_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// Doctor's messages are one line each; a stray newline would break the
// progress output and the journal's one-line errors.
std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

}  // namespace

std::vector<DoctorFinding> DoctorLintReport::at_severity(std::string_view severity) const {
  std::vector<DoctorFinding> out;
  for (const DoctorFinding& f : findings)
    if (f.severity == severity) out.push_back(f);
  return out;
}

Result<DoctorLintReport> parse_doctor_lint(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return Status::error("`doctor --lint --json` printed something that is not a JSON object");
  auto findings = doc.find("findings");
  if (findings == doc.end() || !findings->is_array())
    return Status::error("`doctor --lint --json` printed JSON without a \"findings\" list");
  DoctorLintReport report;
  if (auto ok = doc.find("ok"); ok != doc.end() && ok->is_boolean()) report.ok = ok->get<bool>();
  if (auto run = doc.find("checksRun"); run != doc.end() && run->is_number_integer()) report.checks_run = run->get<int>();
  for (const json& f : *findings) {
    if (!f.is_object()) return Status::error("`doctor --lint --json` printed a finding that is not an object");
    report.findings.push_back(
        {text_at(f, "checkId"), text_at(f, "severity"), one_line(text_at(f, "message")), text_at(f, "path")});
  }
  return report;
}

std::string describe_finding(const DoctorFinding& f) {
  return f.path.empty() ? fmt::format("[{}] {}", f.check_id, f.message)
                        : fmt::format("[{}] {}: {}", f.check_id, f.path, f.message);
}

}  // namespace clawform
