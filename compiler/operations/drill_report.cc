#include "compiler/operations/drill_report.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

std::string seconds(double s) { return fmt::format("{:.1f} s", s); }

std::vector<const ChecklistDifference*> unexpected(const ProjectDrill& drill) {
  std::vector<const ChecklistDifference*> out;
  for (const ChecklistDifference& d : drill.differences)
    if (!d.expected) out.push_back(&d);
  return out;
}

std::string result_word(const ProjectDrill& drill) {
  if (!drill.failure.empty()) return "FAILED (" + drill.failure.substr(0, drill.failure.find(':')) + ")";
  if (!drill.passed()) return "FAILED (checklist)";
  return "passed";
}

}  // namespace

bool ProjectDrill::passed() const { return failure.empty() && unexpected(*this).empty(); }

std::string render_drill_line(const ProjectDrill& drill) {
  std::vector<std::string> parts;
  if (drill.verify > 0 || drill.restore > 0) parts.push_back("verified " + seconds(drill.verify));
  if (drill.restore > 0) parts.push_back("restored " + seconds(drill.restore));
  if (!drill.database_verdict.empty()) parts.push_back("database " + drill.database_verdict);
  if (drill.boot > 0 && drill.port > 0) parts.push_back(fmt::format("booted on {} in {}", drill.port, seconds(drill.boot)));
  if (!drill.failure.empty()) {
    std::string line = fmt::format("drill {}: FAILED at {}", drill.project, drill.failure);
    if (!parts.empty()) line += fmt::format(" (after: {})", fmt::join(parts, ", "));
    return line + "\n";
  }
  std::vector<std::string> expected;
  for (const ChecklistDifference& d : drill.differences)
    if (d.expected) expected.push_back(d.item);
  const std::size_t differing = unexpected(drill).size();
  if (differing > 0)
    parts.push_back(fmt::format("checklist differs ({} item{})", differing, differing == 1 ? "" : "s"));
  else if (!expected.empty())
    parts.push_back(fmt::format("checklist matches (differs as expected: {})", fmt::join(expected, ", ")));
  else
    parts.push_back("checklist matches");
  return fmt::format("drill {}: {}; RTO {}\n", drill.project, fmt::join(parts, ", "), seconds(drill.rto()));
}

std::string render_drill_differences(const ProjectDrill& drill) {
  const std::vector<const ChecklistDifference*> shown = unexpected(drill);
  if (shown.empty()) return {};
  std::size_t item_width = 4, before_width = 6;
  for (const ChecklistDifference* d : shown) {
    item_width = std::max(item_width, d->item.size());
    before_width = std::max(before_width, d->before.size());
  }
  std::string out = fmt::format("  {:<{}}  {:<{}}  {}\n", "item", item_width, "backup", before_width, "drill");
  for (const ChecklistDifference* d : shown)
    out += fmt::format("  {:<{}}  {:<{}}  {}\n", d->item, item_width, d->before, before_width, d->after);
  return out;
}

std::string render_drill_summary(const std::vector<ProjectDrill>& drills) {
  std::size_t width = 7;
  for (const ProjectDrill& d : drills) width = std::max(width, d.project.size());
  std::string out = fmt::format("{:<{}}  {:>7}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}  {}\n", "project", width, "verify",
                                "restore", "database", "boot", "checklist", "RTO", "result");
  int passed = 0;
  const ProjectDrill* longest = nullptr;
  for (const ProjectDrill& d : drills) {
    out += fmt::format("{:<{}}  {:>7}  {:>8}  {:>8}  {:>8}  {:>9}  {:>8}  {}\n", d.project, width, seconds(d.verify),
                       seconds(d.restore), seconds(d.database), seconds(d.boot), seconds(d.checklist),
                       seconds(d.rto()), result_word(d));
    if (d.passed()) {
      ++passed;
      if (!longest || d.rto() > longest->rto()) longest = &d;
    }
  }
  out += fmt::format("{} of {} project{} passed", passed, drills.size(), drills.size() == 1 ? "" : "s");
  if (longest) out += fmt::format("; longest RTO {} ({})", seconds(longest->rto()), longest->project);
  return out + "\n";
}

}  // namespace clawform
