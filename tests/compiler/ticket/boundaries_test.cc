// The change ticket's head (issue 17): each project's boundaries after the
// change with the cells the plan changes marked, key references and never
// values, and the host as a Mermaid flowchart of the subset clawform writes,
// checked line by line; all of it under the ticket's character cap.
#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "compiler/render_plan_markdown.h"
#include "compiler/ticket/boundaries.h"
#include "compiler/ticket/render_ticket.h"
#include "schema/validate.h"

namespace clawform {
namespace {

struct Fleet {
  Manifest manifest;
  std::vector<ProjectBoundaries> boundaries;
};

Fleet fleet(const std::string& example) {
  FileValidation validation = validate_file(std::string(CLAWFORM_SOURCE_DIR) + "/examples/" + example, false);
  REQUIRE(validation.manifest);
  Manifest manifest = std::move(*validation.manifest);
  const HostPaths paths = host_paths(manifest.host.os, "/sandbox", "");
  std::vector<ProjectBoundaries> b = project_boundaries(manifest, layout_instances(manifest, paths));
  return {std::move(manifest), std::move(b)};
}

PluginTarget plugin(const std::string& package, const std::string& version) {
  PluginTarget target;
  target.package = package;
  target.version = version;
  return target;
}

Step step(int index, StepKind kind, Action action, const std::string& project, StepTarget target) {
  Step s;
  s.index = index;
  s.kind = kind;
  s.action = action;
  s.project = project;
  s.address = "project." + project + "." + std::string(step_kind_name(kind));
  s.target = std::move(target);
  return s;
}

// The table row of `project` split into its seven cells.
std::vector<std::string> cells_of(const std::string& table, const std::string& project) {
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("| " + project + " |")) continue;
    std::vector<std::string> cells;
    std::size_t from = 2;
    for (std::size_t bar; (bar = line.find(" | ", from)) != std::string::npos; from = bar + 3)
      cells.push_back(line.substr(from, bar - from));
    cells.push_back(line.substr(from, line.size() - from - 2));
    return cells;
  }
  return {};
}

TEST_CASE("ticket: each project's boundaries after the change - changed cells marked, references not values") {
  Fleet f = fleet("five-clients.yaml");
  Plan plan;
  plan.fleet = f.manifest.fleet;
  plan.steps.push_back(step(1, StepKind::Plugin, Action::Update, "acme", plugin("@openclaw/nostr", "2026.9.5")));
  plan.steps.push_back(step(2, StepKind::Config, Action::Update, "globex",
                            ConfigTarget{"/x/openclaw.json", {{"gateway.port", 18910}}}));
  plan.steps.push_back(step(3, StepKind::KeyFile, Action::Update, "initech", KeyFileTarget{"/x/.env", 0600, {}}));
  plan.steps.push_back(step(4, StepKind::Config, Action::Update, "internal",
                            ConfigTarget{"/x/openclaw.json", {{"agents.defaults.model", "openai/gpt-5.4"}}}));
  plan.steps.push_back(step(5, StepKind::Gateway, Action::Restart, "umbrella", GatewayTarget{}));
  plan.steps.push_back(step(6, StepKind::Health, Action::Check, "umbrella", HealthTarget{}));

  const std::string table = render_boundary_table(plan, f.boundaries, 60'000);
  // Data, Credentials, Model, Plugins, Gateway (index 1..5); 6 is the tag.
  auto changed = [&](const std::string& project) {
    std::vector<int> out;
    std::vector<std::string> cells = cells_of(table, project);
    REQUIRE(cells.size() == 7);
    for (int i = 1; i <= 5; ++i)
      if (cells[static_cast<std::size_t>(i)].starts_with("**changed** ")) out.push_back(i);
    CHECK(cells[6] == "`" + project + "`");
    return out;
  };
  CHECK(changed("acme") == std::vector<int>{4});
  CHECK(changed("globex") == std::vector<int>{5});
  CHECK(changed("initech") == std::vector<int>{2});
  CHECK(changed("internal") == std::vector<int>{3});
  CHECK(changed("umbrella").empty());  // a restart and a check change no boundary

  const std::vector<std::string> acme = cells_of(table, "acme");
  CHECK(acme[1].find("`state /sandbox/Users/operator/.openclaw-acme`") != std::string::npos);
  CHECK(acme[2].find("`ANTHROPIC_API_KEY <- env:ACME_ANTHROPIC_KEY`") != std::string::npos);
  CHECK(acme[2].find("`gateway_token <- env:ACME_GATEWAY_TOKEN`") != std::string::npos);
  CHECK(acme[4].find("`@openclaw/nostr@2026.9.5`") != std::string::npos);
  CHECK(acme[5].find("`port 18789`") != std::string::npos);
  CHECK(acme[5].find("`auth token`") != std::string::npos);
  CHECK(cells_of(table, "internal")[4].find("(beta)") != std::string::npos);
}

// Every line of the diagram is one of the forms clawform writes: a strict
// check of the subset (node ids of [A-Za-z0-9_], quoted labels without a raw
// quote, edges between declared nodes).
void check_mermaid(const std::string& diagram, std::size_t instances, std::size_t projects) {
  std::istringstream in(diagram);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() > 4);
  CHECK(lines.front() == "```mermaid");
  CHECK(lines[1] == "flowchart LR");
  CHECK(lines.back() == "```");
  const std::regex subgraph(R"re(  subgraph host\["[^"]*"\])re");
  const std::regex node(R"re(    ([A-Za-z0-9_]+)(\["[^"]*"\]|\(\("[^"]*"\)\)|\[\["[^"]*"\]\]|\{\{"[^"]*"\}\}))re");
  const std::regex edge(R"re(  ([A-Za-z0-9_]+) --> ([A-Za-z0-9_]+))re");
  std::set<std::string> declared;
  std::size_t edges = 0;
  bool in_subgraph = false;
  for (std::size_t i = 2; i + 1 < lines.size(); ++i) {
    std::smatch m;
    CAPTURE(lines[i]);
    if (std::regex_match(lines[i], subgraph)) {
      CHECK_FALSE(in_subgraph);
      in_subgraph = true;
    } else if (lines[i] == "  end") {
      in_subgraph = false;
    } else if (std::regex_match(lines[i], m, node)) {
      CHECK(in_subgraph);
      CHECK(declared.insert(m[1]).second);
    } else if (std::regex_match(lines[i], m, edge)) {
      CHECK(declared.contains(m[1]));
      CHECK(declared.contains(m[2]));
      ++edges;
    } else {
      FAIL("not a line of the diagram's forms");
    }
  }
  CHECK(edges == projects + 3 * instances);
}

TEST_CASE("ticket: the host diagram - projects, instances, users, ports, services - in each topology") {
  Fleet c = fleet("five-clients.yaml");
  const std::string five = render_host_diagram("five-clients (sg)", c.boundaries, 60'000);
  check_mermaid(five, 5, 5);
  CHECK(five.find("port_acme((\"port 18789 (loopback)\"))") != std::string::npos);
  CHECK(five.find("user_operator{{\"user operator\"}}") != std::string::npos);

  Fleet a = fleet("three-projects.yaml");
  const std::string shared = render_host_diagram("three-projects", a.boundaries, 60'000);
  check_mermaid(shared, 1, 3);  // one gateway, three projects pointing at it

  Fleet b = fleet("two-users.yaml");
  const std::string users = render_host_diagram("two-users", b.boundaries, 60'000);
  check_mermaid(users, 2, 2);
  for (const ProjectBoundaries& p : b.boundaries) CHECK(users.find("user " + p.os_user) != std::string::npos);

  CHECK(render_host_diagram("five-clients", c.boundaries, 100).empty());  // does not fit: left out
  ProjectBoundaries quoted = c.boundaries.front();
  quoted.service = "a \"quoted\" name";
  CHECK(render_host_diagram("x", {quoted}, 60'000).find("a #quot;quoted#quot; name") != std::string::npos);
}

TEST_CASE("ticket: the Markdown plan opens with the boundaries and stays under the cap with thousands of projects") {
  Fleet c = fleet("five-clients.yaml");
  Plan plan;
  plan.fleet = "big";
  plan.topology = "C";
  std::vector<ProjectBoundaries> many;
  for (int i = 0; i < 3000; ++i) {
    ProjectBoundaries p = c.boundaries[static_cast<std::size_t>(i % 5)];
    p.project = p.instance = p.tag = "p" + std::to_string(i);
    many.push_back(p);
    plan.steps.push_back(step(i + 1, StepKind::Plugin, Action::Update, p.project, plugin("x", "1")));
  }
  const std::string md = render_plan_markdown(plan, {.full_plan = "plan.json", .boundaries = many});
  CHECK(md.size() < kMarkdownLimit);
  const std::size_t table = md.find("## Boundaries after the change");
  REQUIRE(table != std::string::npos);
  CHECK(table < md.find("| Project | Create |"));
  CHECK(md.find("more projects_ | | | | | | |") != std::string::npos);

  const std::string small = render_plan_markdown(plan, {.full_plan = "plan.json"});
  CHECK(small.find("## Boundaries") == std::string::npos);  // none given: none shown
}

}  // namespace
}  // namespace clawform
