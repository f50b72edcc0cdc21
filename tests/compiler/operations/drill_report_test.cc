// How a restore drill reports each project (one line), a differing
// checklist (side by side) and the whole run (a table and its RTO).
#include <doctest/doctest.h>

#include "compiler/operations/drill_report.h"

namespace clawform {
namespace {

ProjectDrill passed_drill() {
  ProjectDrill d;
  d.project = "acme";
  d.instance = "acme";
  d.verify = 0.12;
  d.restore = 1.2;
  d.database = 2.5;
  d.boot = 9.8;
  d.checklist = 1.7;
  d.database_verdict = "exact";
  d.port = 40600;
  d.differences = {{.project = "acme", .item = "port", .before = "18789", .after = "40600", .expected = true},
                   {.project = "acme", .item = "service", .before = "running", .after = "absent", .expected = true}};
  return d;
}

TEST_CASE("restore drill report: a passed project, its steps and RTO in one line") {
  const ProjectDrill d = passed_drill();
  CHECK(d.passed());
  CHECK(d.rto() == doctest::Approx(15.32));
  CHECK(render_drill_line(d) ==
        "drill acme: verified 0.1 s, restored 1.2 s, database exact, booted on 40600 in 9.8 s, checklist matches "
        "(differs as expected: port, service); RTO 15.3 s\n");
  CHECK(render_drill_differences(d).empty());
}

TEST_CASE("restore drill report: an unexpected difference fails the project and is shown side by side") {
  ProjectDrill d = passed_drill();
  d.differences.push_back({.project = "acme", .item = "plugins.nostr", .before = "2026.9.5 enabled",
                           .after = "(absent)", .expected = false});
  CHECK_FALSE(d.passed());
  CHECK(render_drill_line(d) ==
        "drill acme: verified 0.1 s, restored 1.2 s, database exact, booted on 40600 in 9.8 s, checklist differs "
        "(1 item); RTO 15.3 s\n");
  CHECK(render_drill_differences(d) ==
        "  item           backup            drill\n"
        "  plugins.nostr  2026.9.5 enabled  (absent)\n");
}

TEST_CASE("restore drill report: a failed step names itself and what had run") {
  ProjectDrill d;
  d.project = "acme";
  d.verify = 0.1;
  d.restore = 0.0;
  d.failure = "restore: openclaw backup restore /s/acme/state.tar.gz: exit 1: Backup archive verification failed";
  CHECK_FALSE(d.passed());
  CHECK(render_drill_line(d) ==
        "drill acme: FAILED at restore: openclaw backup restore /s/acme/state.tar.gz: exit 1: Backup archive "
        "verification failed (after: verified 0.1 s)\n");
}

TEST_CASE("restore drill report: the summary table and the longest RTO of the passed projects") {
  ProjectDrill globex = passed_drill();
  globex.project = "globex";
  globex.boot = 20.0;
  ProjectDrill internal;
  internal.project = "internal";
  internal.verify = 0.1;
  internal.failure = "boot: the gateway exited during start-up";
  CHECK(render_drill_summary({passed_drill(), globex, internal}) ==
        "project    verify   restore  database      boot  checklist       RTO  result\n"
        "acme        0.1 s     1.2 s     2.5 s     9.8 s      1.7 s    15.3 s  passed\n"
        "globex      0.1 s     1.2 s     2.5 s    20.0 s      1.7 s    25.5 s  passed\n"
        "internal    0.1 s     0.0 s     0.0 s     0.0 s      0.0 s     0.1 s  FAILED (boot)\n"
        "2 of 3 projects passed; longest RTO 25.5 s (globex)\n");
}

}  // namespace
}  // namespace clawform
