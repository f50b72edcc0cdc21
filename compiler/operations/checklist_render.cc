#include "compiler/operations/checklist_render.h"

#include <algorithm>

#include <fmt/format.h>

namespace clawform {

namespace {

struct Row {
  char mark = ' ';  // ' ' same, '!' differs, '~' differs as declared
  std::string item;
  std::string before;
  std::string after;
};

std::string plugin_summary(const ProjectChecklist* p) {
  if (!p) return "(absent)";
  const auto enabled = std::count_if(p->plugins.begin(), p->plugins.end(),
                                     [](const auto& entry) { return entry.second.ends_with(" enabled"); });
  return fmt::format("{} ({} enabled)", p->plugins.size(), enabled);
}

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

std::string inventory(const TreeInventory& t) {
  return fmt::format("{} files, {} bytes, {}", t.files, t.bytes, t.digest.substr(0, 12));
}

const ProjectChecklist* find(const Checklist& c, const std::string& name) {
  for (const ProjectChecklist& p : c.projects)
    if (p.project == name) return &p;
  return nullptr;
}

std::vector<std::string> project_names(const Checklist& before, const Checklist& after) {
  std::vector<std::string> names;
  for (const ProjectChecklist& p : before.projects) names.push_back(p.project);
  for (const ProjectChecklist& p : after.projects)
    if (!find(before, p.project)) names.push_back(p.project);
  return names;
}

// Every row of one project: each fixed item, the plugin summary and the
// plugins that differ, and the state size (shown, never compared).
std::vector<Row> project_rows(const ProjectChecklist* a, const ProjectChecklist* b, const std::string& name,
                              const std::vector<ChecklistDifference>& differences) {
  auto value = [](const ProjectChecklist* p, auto get) { return p ? get(*p) : std::string("(absent)"); };
  auto mark_of = [&](const std::string& item) {
    for (const ChecklistDifference& d : differences)
      if (d.project == name && (d.item == item || d.item == "project")) return d.expected ? '~' : '!';
    return ' ';
  };
  auto row = [&](const std::string& item, auto get) {
    return Row{mark_of(item), item, value(a, get), value(b, get)};
  };
  std::vector<Row> rows;
  rows.push_back(row("version", [](const ProjectChecklist& p) { return p.openclaw_version; }));
  Row plugins{' ', "plugins", plugin_summary(a), plugin_summary(b)};
  for (const ChecklistDifference& d : differences)
    if (d.project == name && d.item.starts_with("plugins.")) plugins.mark = d.expected && plugins.mark != '!' ? '~' : '!';
  rows.push_back(plugins);
  for (const ChecklistDifference& d : differences)
    if (d.project == name && d.item.starts_with("plugins."))
      rows.push_back({d.expected ? '~' : '!', "  " + d.item.substr(8), d.before, d.after});
  rows.push_back(row("health", [](const ProjectChecklist& p) { return p.health; }));
  rows.push_back(row("startup", [](const ProjectChecklist& p) { return p.startup; }));
  rows.push_back(row("ready", [](const ProjectChecklist& p) { return p.ready; }));
  rows.push_back(row("port", [](const ProjectChecklist& p) { return std::to_string(p.port); }));
  rows.push_back(row("service", [](const ProjectChecklist& p) { return p.service; }));
  rows.push_back(row("workspace", [](const ProjectChecklist& p) { return inventory(p.workspace); }));
  rows.push_back({' ', "state size", value(a, [](const ProjectChecklist& p) { return megabytes(p.state_bytes); }),
                  value(b, [](const ProjectChecklist& p) { return megabytes(p.state_bytes); })});
  return rows;
}

std::string title(const Checklist& c) { return fmt::format("{} ({})", c.label, c.captured_at); }

std::string difference_lines(const std::vector<ChecklistDifference>& differences, const std::string& indent) {
  std::string out;
  for (const ChecklistDifference& d : differences)
    out += fmt::format("{}{} {}: {} -> {}{}\n", indent, d.project, d.item, d.before, d.after,
                       d.expected ? " (expected)" : "");
  return out;
}

std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out.empty() ? " " : out;
}

}  // namespace

std::string summarize_differences(const std::vector<ChecklistDifference>& differences) {
  if (differences.empty()) return "no difference";
  const auto expected = std::count_if(differences.begin(), differences.end(),
                                      [](const ChecklistDifference& d) { return d.expected; });
  return fmt::format("{} difference{} ({} expected)", differences.size(), differences.size() == 1 ? "" : "s",
                     expected);
}

std::string render_checklist_comparison_text(const Checklist& before, const Checklist& after,
                                             const std::vector<ChecklistDifference>& differences) {
  std::string out = fmt::format("Exit checklist: {}  vs  {}\n", title(before), title(after));
  for (const std::string& name : project_names(before, after)) {
    std::vector<Row> rows = project_rows(find(before, name), find(after, name), name, differences);
    std::size_t item_width = 4, before_width = 6;
    for (const Row& r : rows) {
      item_width = std::max(item_width, r.item.size());
      before_width = std::max(before_width, r.before.size());
    }
    out += fmt::format("\n{}\n  {:<{}}  {:<{}}  {}\n", name, "item", item_width + 2, "before", before_width, "after");
    for (const Row& r : rows)
      out += fmt::format("{} {:<{}}  {:<{}}  {}\n", r.mark == ' ' ? " " : std::string(1, r.mark), r.item,
                         item_width + 2, r.before, before_width, r.after);
  }
  out += fmt::format("\n{}{}\n", summarize_differences(differences), differences.empty() ? "." : ":");
  out += difference_lines(differences, "  ");
  return out;
}

std::string render_checklist_comparison_markdown(const Checklist& before, const Checklist& after,
                                                 const std::vector<ChecklistDifference>& differences) {
  std::string out = fmt::format("## Exit checklist\n\n**Before:** {}  \n**After:** {}\n\n", cell(title(before)),
                                cell(title(after)));
  out += fmt::format("{}{}\n\n", summarize_differences(differences), differences.empty() ? "." : ":");
  for (const ChecklistDifference& d : differences)
    out += fmt::format("- `{}` {}: {} → {}{}\n", d.project, cell(d.item), cell(d.before), cell(d.after),
                       d.expected ? " (expected)" : "");
  if (!differences.empty()) out += "\n";
  for (const std::string& name : project_names(before, after)) {
    out += fmt::format("### {}\n\n| | item | before | after |\n|---|---|---|---|\n", name);
    for (const Row& r : project_rows(find(before, name), find(after, name), name, differences))
      out += fmt::format("| {} | {} | {} | {} |\n", r.mark == '!' ? "❗" : r.mark == '~' ? "~" : " ", cell(r.item),
                         cell(r.before), cell(r.after));
    out += "\n";
  }
  return out;
}

std::string render_checklist_text(const Checklist& checklist) {
  std::string out = fmt::format("Exit checklist: {}\n", title(checklist));
  for (const ProjectChecklist& p : checklist.projects) {
    out += fmt::format("\n{} (instance {})\n", p.project, p.instance);
    out += fmt::format("  version    {}\n  plugins    {}\n", p.openclaw_version.empty() ? "(unknown)" : p.openclaw_version,
                       plugin_summary(&p));
    out += fmt::format("  health     {}\n  startup    {}\n  ready      {}\n", p.health, p.startup, p.ready);
    out += fmt::format("  port       {}\n  service    {}\n  workspace  {}\n  state size {}\n", p.port, p.service,
                       inventory(p.workspace), megabytes(p.state_bytes));
  }
  return out;
}

}  // namespace clawform
