#pragma once
// What `openclaw doctor --lint --json` prints (OpenClaw 2026.9.6, observed
// and read in dist: doctor-lint-output): one JSON document on stdout,
//   {"schemaVersion":1, "ok":bool, "checksRun":N, "checksSkipped":N,
//    "findings":[{"checkId", "severity":"info|warning|error", "message",
//                 "path"?, "fixHint"?, ...}], "warnings"?:[...]}
// with only the findings at or above --severity-min, exit 1 when there is
// one and 0 when there is none. When doctor itself fails (a bad flag, a
// check that threw) it adds {"error":{"type","message"}} and reports the
// failure as an error finding of check "core/doctor/lint-inspection".

#include <string>
#include <string_view>
#include <vector>

#include "compiler/status.h"

namespace clawform {

struct DoctorFinding {
  std::string check_id;
  std::string severity;  // "info" | "warning" | "error" (as printed)
  std::string message;
  std::string path;      // the config path or file it is about; "" when none
};

struct DoctorLintReport {
  bool ok = false;
  int checks_run = 0;
  std::vector<DoctorFinding> findings;  // in doctor's order (errors first)

  std::vector<DoctorFinding> at_severity(std::string_view severity) const;
};

// An error when `text` is not doctor's JSON report (no "findings" list).
Result<DoctorLintReport> parse_doctor_lint(std::string_view text);

// "[core/doctor/final-config-validation] gateway.port: Invalid input: ...":
// one finding on one line, for an operator.
std::string describe_finding(const DoctorFinding& finding);

}  // namespace clawform
