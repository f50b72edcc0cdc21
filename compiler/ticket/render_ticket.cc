#include "compiler/ticket/render_ticket.h"

#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

// Inside a table cell: no newline, `|` escaped (GFM keeps `\|` in code).
std::string cell_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string code(const std::string& text) { return "`" + cell_text(text) + "`"; }

std::string lines(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "<br>") + part;
  return out;
}

std::string marked(const std::string& content, bool changed) {
  return changed ? "**changed** " + content : content;
}

std::string row(const Plan& plan, const ProjectBoundaries& b) {
  const std::set<Boundary> changed = changed_boundaries(plan, b);
  auto is = [&](Boundary boundary) { return changed.contains(boundary); };
  std::vector<std::string> credentials;
  for (const std::string& key : b.keys) credentials.push_back(code(key));
  credentials.push_back(b.keys.empty() ? "no keys" : "in " + code(b.key_file));
  std::vector<std::string> plugins;
  for (const std::string& plugin : b.plugins) plugins.push_back(code(plugin));
  if (plugins.empty()) plugins.push_back("none");
  const std::string gateway = lines({code(fmt::format("port {}", b.port)), code("bind " + b.bind),
                                     code("auth " + b.auth), code(b.service)});
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell_text(b.project),
                     marked(lines({code("state " + b.state_dir), code("workspace " + b.workspace)}), is(Boundary::Data)),
                     marked(lines(credentials), is(Boundary::Credentials)),
                     marked(code(b.model), is(Boundary::Model)), marked(lines(plugins), is(Boundary::Plugins)),
                     marked(gateway, is(Boundary::Gateway)), code(b.tag));
}

// A Mermaid node id from a name: letters, digits and '_' only, so that no
// name can close a node or start an edge.
std::string node_id(std::string_view kind, const std::string& name) {
  std::string id(kind);
  id += '_';
  for (char c : name) id += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? c : '_';
  return id;
}

// A quoted Mermaid label: '"' written as its entity, never raw.
std::string label(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "#quot;";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out + "\"";
}

}  // namespace

std::string render_boundary_table(const Plan& plan, const std::vector<ProjectBoundaries>& projects,
                                  std::size_t max_chars) {
  std::string out =
      "| Project | Data | Credentials | Model | Plugins | Gateway | Observability |\n"
      "|---|---|---|---|---|---|---|\n";
  for (std::size_t i = 0; i < projects.size(); ++i) {
    std::string next = row(plan, projects[i]);
    if (out.size() + next.size() + 60 > max_chars) {
      out += fmt::format("| _{} more projects_ | | | | | | |\n", projects.size() - i);
      break;
    }
    out += next;
  }
  return out;
}

std::string render_host_diagram(const std::string& title, const std::vector<ProjectBoundaries>& projects,
                                std::size_t max_chars) {
  std::string out = "```mermaid\nflowchart LR\n";
  out += fmt::format("  subgraph host[{}]\n", label(title));
  std::set<std::string> instances, users;
  std::string edges;
  for (const ProjectBoundaries& b : projects) {
    const std::string project = node_id("project", b.project);
    const std::string instance = node_id("instance", b.instance);
    out += fmt::format("    {}[{}]\n", project, label("project " + b.project));
    edges += fmt::format("  {} --> {}\n", project, instance);
    if (!instances.insert(b.instance).second) continue;  // topology A: one instance, many projects
    const std::string user = node_id("user", b.os_user);
    const std::string port = node_id("port", b.instance);
    const std::string service = node_id("service", b.instance);
    out += fmt::format("    {}[{}]\n", instance, label(fmt::format("instance {}<br/>{}", b.instance, b.state_dir)));
    out += fmt::format("    {}(({}))\n", port, label(fmt::format("port {} ({})", b.port, b.bind)));
    out += fmt::format("    {}[[{}]]\n", service, label(b.service));
    if (users.insert(b.os_user).second) out += fmt::format("    {}{{{{{}}}}}\n", user, label("user " + b.os_user));
    edges += fmt::format("  {} --> {}\n  {} --> {}\n  {} --> {}\n", instance, user, instance, port, instance, service);
  }
  out += "  end\n" + edges + "```\n";
  return out.size() <= max_chars ? out : "";
}

}  // namespace clawform
