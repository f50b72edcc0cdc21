// What the openclaw CLI prints on stdout and clawform reads
// (backends/openclaw_parse.h, backends/doctor_lint.h): `--version`, the
// Node probe, `plugins list --json`, an `{"ok":false,"error":..}`
// document, and `doctor --lint --json`. Every parser gets every input:
// any of them may be handed any of these texts when openclaw misbehaves.
#include <cstdint>
#include <string_view>

#include "backends/doctor_lint.h"
#include "backends/openclaw_parse.h"
#include "fuzz/fuzz_check.h"

namespace {

template <typename T>
void require_reason(const clawform::Result<T>& result) {
  FUZZ_REQUIRE(result || !result.message().empty(), "a refused output says why");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  require_reason(clawform::parse_openclaw_version(text));
  require_reason(clawform::parse_node_probe(text));
  require_reason(clawform::parse_plugins_list(text));
  (void)clawform::openclaw_error_message(text);
  clawform::Result<clawform::DoctorLintReport> report = clawform::parse_doctor_lint(text);
  require_reason(report);
  if (report) {
    for (const clawform::DoctorFinding& finding : report->findings) (void)clawform::describe_finding(finding);
    (void)report->at_severity("error");
  }
  return 0;
}
