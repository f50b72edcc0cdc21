#pragma once
// A plan as a change ticket quotes it: the summary line, the boundary table
// and host diagram (when given), a table of counts
// per project, a banner when anything is deleted or replaced, and a section
// per project (in plan order) with a row per step. The whole text stays
// under `limit` characters: when the steps do not fit, the last ones are
// left out and a line says how many and where the full plan is.

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/plan.h"
#include "compiler/ticket/boundaries.h"

namespace clawform {

// GitHub and GitLab refuse comments and descriptions longer than this.
inline constexpr std::size_t kMarkdownLimit = 65'536;

struct MarkdownOptions {
  std::string full_plan;  // where the full plan is, e.g. "plan.json"
  std::size_t limit = kMarkdownLimit - 1;
  // Each project's boundaries after the change (compiler/ticket/): when
  // given, the ticket opens with their table and the host's diagram.
  std::vector<ProjectBoundaries> boundaries{};
  std::string host_title{};  // the diagram's title; "" takes the fleet's name
};

std::string render_plan_markdown(const Plan& plan, const MarkdownOptions& options);

}  // namespace clawform
