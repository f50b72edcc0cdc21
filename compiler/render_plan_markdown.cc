#include "compiler/render_plan_markdown.h"

#include <map>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/render_plan_text.h"
#include "compiler/ticket/render_ticket.h"

namespace clawform {

namespace {

// A table cell: no newlines, and `|` escaped (GFM keeps `\|` inside code).
std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string code(const std::string& text) { return "`" + cell(text) + "`"; }

std::string change_cell(const Step& s) {
  std::string out;
  for (const std::string& line : change_details(s)) out += (out.empty() ? "" : "<br>") + code(line);
  return out;
}

// Projects in order of their first step.
std::vector<std::string> projects_in_order(const Plan& plan) {
  std::vector<std::string> order;
  std::unordered_set<std::string> seen;
  for (const Step& s : plan.steps)
    if (seen.insert(s.project).second) order.push_back(s.project);
  return order;
}

// At most `max_chars`; the projects that do not fit are counted in a last row.
std::string counts_table(const Plan& plan, const std::vector<std::string>& projects, std::size_t max_chars) {
  std::map<std::string, std::map<Action, int>> counts;
  for (const Step& s : plan.steps) ++counts[s.project][s.action];
  std::string out = "| Project | Create | Update | Delete | Replace | Restart |\n|---|--:|--:|--:|--:|--:|\n";
  for (std::size_t i = 0; i < projects.size(); ++i) {
    const std::string& project = projects[i];
    std::map<Action, int>& n = counts[project];
    if (out.size() + 100 + project.size() > max_chars) {
      out += fmt::format("| _{} more projects_ | | | | | |\n", projects.size() - i);
      break;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell(project), n[Action::Create], n[Action::Update],
                       n[Action::Delete], n[Action::Replace], n[Action::Restart]);
  }
  return out;
}

std::string destroy_banner(const Plan& plan) {
  std::vector<const Step*> destructive;
  for (const Step& s : plan.steps)
    if (s.destructive) destructive.push_back(&s);
  if (destructive.empty()) return "";
  std::string out = fmt::format("> **Warning: this plan deletes or replaces {} resource{}.**\n>\n",
                                destructive.size(), destructive.size() == 1 ? "" : "s");
  constexpr std::size_t kListed = 50;
  for (std::size_t i = 0; i < destructive.size() && i < kListed; ++i)
    out += fmt::format("> - {} {} ({})\n", action_name(destructive[i]->action), code(destructive[i]->address),
                       cell(destructive[i]->reason));
  if (destructive.size() > kListed) out += fmt::format("> - and {} more\n", destructive.size() - kListed);
  return out + "\n";
}

std::string drift_banner(const Plan& plan) {
  if (plan.version_drift.empty()) return "";
  std::string out = "> **Version drift: apply refuses until the host runs what the manifest pins.**\n>\n";
  for (const VersionDrift& d : plan.version_drift) out += "> - " + cell(describe_drift(d)) + "\n";
  return out + "\n";
}

}  // namespace

std::string render_plan_markdown(const Plan& plan, const MarkdownOptions& options) {
  std::string out = fmt::format("# clawform plan: fleet `{}`\n\nTopology {}, {} steps.\n\n", cell(plan.fleet),
                                plan.topology, plan.steps.size());
  if (!plan.projects.empty())
    out += fmt::format("Limited to project{} `{}` (`--project`): no other project was discovered or is changed.\n\n",
                       plan.projects.size() == 1 ? "" : "s", cell(fmt::format("{}", fmt::join(plan.projects, "`, `"))));
  if (!plan.recorded_state.empty()) out += offline_notice("`" + cell(plan.recorded_state) + "`") + "\n\n";
  out += destroy_banner(plan);
  out += drift_banner(plan);
  out += "**" + plan_summary_line(plan) + "**\n\n";
  if (!options.boundaries.empty()) {
    out += "## Boundaries after the change\n\n"
           "Each project's five isolation boundaries and its observability tag once the plan is applied; a cell "
           "marked **changed** is one this plan changes. Keys are references, never values.\n\n";
    out += render_boundary_table(plan, options.boundaries, options.limit / 4) + "\n";
    out += render_host_diagram(options.host_title.empty() ? plan.fleet : options.host_title, options.boundaries,
                               options.limit / 8);
    out += "\n";
  }
  if (!plan.waivers.empty()) {
    out += "## Waived on purpose\n\n";
    for (const std::string& w : plan.waivers) out += "- **" + cell(w) + "**\n";
    out += "\n";
  }
  const std::vector<std::string> projects = projects_in_order(plan);
  if (!projects.empty()) out += counts_table(plan, projects, options.limit / 4) + "\n";

  std::string unmanaged;
  if (!plan.unmanaged.empty()) {
    unmanaged = "## Unmanaged (not in the manifest, left alone)\n\n";
    for (const std::string& u : plan.unmanaged) unmanaged += "- " + code(u) + "\n";
    unmanaged += "\n";
  }

  // Steps, a section per project, row by row while they fit; room is kept
  // for the unmanaged list (when it fits) and the note on what was left out.
  const std::size_t reserve = 200 + 2 * options.full_plan.size();
  std::size_t budget = options.limit > out.size() + reserve ? options.limit - out.size() - reserve : 0;
  if (unmanaged.size() <= budget / 4) {
    budget -= unmanaged.size();
  } else {
    unmanaged = fmt::format("_{} unmanaged things are listed in the full plan, {}._\n\n", plan.unmanaged.size(),
                            options.full_plan);
  }

  std::unordered_map<std::string, std::vector<const Step*>> by_project;
  for (const Step& s : plan.steps) by_project[s.project].push_back(&s);
  std::string steps_text;
  std::size_t shown = 0;
  bool full = false;
  for (const std::string& project : projects) {
    std::string section = fmt::format("## {}\n\n| # | | Address | Action | Change | Reason |\n|--:|---|---|---|---|---|\n",
                                      cell(project));
    std::string rows;
    for (const Step* s : by_project[project]) {
      std::string row = fmt::format("| {} | {} | {} | {} | {} | {} |\n", s->index,
                                    code(std::string(action_marker(s->action))), code(s->address),
                                    action_name(s->action), change_cell(*s), cell(s->reason));
      if (steps_text.size() + section.size() + rows.size() + row.size() + 1 > budget) {
        full = true;
        break;
      }
      rows += row;
      ++shown;
    }
    if (!rows.empty()) steps_text += section + rows + "\n";
    if (full) break;
  }
  out += steps_text;
  out += unmanaged;
  if (shown < plan.steps.size())
    out += fmt::format("_{} more steps are not shown: the full plan is in {}._\n", plan.steps.size() - shown,
                       options.full_plan);
  return out;
}

}  // namespace clawform
