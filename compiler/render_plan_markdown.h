#pragma once
// A plan as a change ticket quotes it: the summary line, a table of counts
// per project, a banner when anything is deleted or replaced, and a section
// per project (in plan order) with a row per step. The whole text stays
// under `limit` characters: when the steps do not fit, the last ones are
// left out and a line says how many and where the full plan is.

#include <cstddef>
#include <string>

#include "compiler/plan.h"

namespace clawform {

// GitHub and GitLab refuse comments and descriptions longer than this.
inline constexpr std::size_t kMarkdownLimit = 65'536;

struct MarkdownOptions {
  std::string full_plan;  // where the full plan is, e.g. "plan.json"
  std::size_t limit = kMarkdownLimit - 1;
};

std::string render_plan_markdown(const Plan& plan, const MarkdownOptions& options);

}  // namespace clawform
