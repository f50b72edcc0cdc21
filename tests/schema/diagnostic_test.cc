#include <doctest/doctest.h>

#include "schema/diagnostic.h"

namespace clawform {
namespace {

TEST_CASE("a diagnostic renders as FILE:LINE:COL - the source line and a caret") {
  Diagnostic d{Severity::Error, "port-collision", "port 18789 is already used", "fleet.yaml", {2, 11}};
  CHECK(render_diagnostic(d, "projects:\n    port: 18789\n") ==
        "fleet.yaml:2:11: error: [port-collision] port 18789 is already used\n"
        "        port: 18789\n"
        "              ^\n");
}

TEST_CASE("a diagnostic without a position names only the file") {
  Diagnostic d{Severity::Warning, "file-empty", "is empty", "fleet.yaml", {}};
  CHECK(render_diagnostic(d, "") == "fleet.yaml: warning: [file-empty] is empty\n");
}

TEST_CASE("the caret lines up under UTF-8 text and tabs") {
  Diagnostic d{Severity::Error, "x", "m", "f", {1, 10}};
  // "# café: " is 8 code points, 9 bytes; column 10 is the byte after it.
  CHECK(render_diagnostic(d, "# café: v\n") == "f:1:10: error: [x] m\n    # café: v\n            ^\n");
  Diagnostic t{Severity::Error, "x", "m", "f", {1, 3}};
  CHECK(render_diagnostic(t, "\t\tv") == "f:1:3: error: [x] m\n    \t\tv\n    \t\t^\n");
}

TEST_CASE("a redacted diagnostic masks the line from its column on") {
  Diagnostic d{Severity::Error, "key-inline-value", "no values", "f", {1, 20}, /*redact_source=*/true};
  std::string out = render_diagnostic(d, "ANTHROPIC_API_KEY: sk-ant-secret\n");
  CHECK(out == "f:1:20: error: [key-inline-value] no values\n    ANTHROPIC_API_KEY: <redacted>\n"
               "                       ^\n");
  CHECK(out.find("sk-ant") == std::string::npos);
}

TEST_CASE("Diagnostics keeps at most its limit but counts everything") {
  Diagnostics d(2);
  for (int i = 0; i < 5; ++i) d.error("x", "f", {i + 1, 1}, "m");
  d.warning("w", "f", {1, 1}, "m");
  CHECK(d.items().size() == 2);
  CHECK(d.error_count() == 5);
  CHECK(d.warning_count() == 1);
  CHECK(d.dropped() == 4);
  d.promote_warnings();
  CHECK(d.error_count() == 6);
  CHECK(d.warning_count() == 0);
}

}  // namespace
}  // namespace clawform
