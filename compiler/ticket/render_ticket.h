#pragma once
// The head of a change ticket (issue 17): the boundary table of each project
// after the change, its changed cells marked, and the host drawn as a Mermaid
// flowchart (projects -> instances -> users, ports, services) that GitHub and
// GitLab render. Both stay under the character budget they are given.

#include <cstddef>
#include <string>
#include <vector>

#include "compiler/plan.h"
#include "compiler/ticket/boundaries.h"

namespace clawform {

// "| Project | Data | Credentials | Model | Plugins | Gateway | Observability |"
// with a row per project; a cell the plan changes starts with "**changed**".
// The projects that do not fit in `max_chars` are counted in a last row.
std::string render_boundary_table(const Plan& plan, const std::vector<ProjectBoundaries>& projects,
                                  std::size_t max_chars);

// A ```mermaid fenced flowchart, or "" when it would not fit in `max_chars`.
// `title` names the host (e.g. "five-clients (eu-central)").
std::string render_host_diagram(const std::string& title, const std::vector<ProjectBoundaries>& projects,
                                std::size_t max_chars);

}  // namespace clawform
