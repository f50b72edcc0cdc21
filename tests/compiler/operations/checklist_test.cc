#include <doctest/doctest.h>

#include "compiler/operations/checklist.h"
#include "compiler/operations/checklist_render.h"

namespace clawform {
namespace {

ProjectChecklist project(const std::string& name, int port) {
  ProjectChecklist p;
  p.project = name;
  p.instance = name;
  p.openclaw_version = "2026.9.6";
  p.plugins = {{"browser", "2026.9.6 enabled"}, {"nostr", "2026.9.5 enabled"}};
  p.health = "200 live";
  p.startup = "200 started";
  p.ready = "200 ready";
  p.port = port;
  p.service = "running (sandbox ai.openclaw.x)";
  p.workspace = {.files = 3, .bytes = 120, .digest = "abcdef0123456789"};
  p.state_bytes = 5'000'000;
  return p;
}

Checklist host(const std::string& label) {
  return {.captured_at = "2026-12-01T00:00:00Z", .label = label,
          .projects = {project("acme", 18789), project("globex", 18909)}};
}

TEST_CASE("checklist: JSON round trip, and an error naming the bad field") {
  const Checklist before = host("before apply");
  Result<Checklist> back = checklist_from_json(checklist_to_json(before));
  REQUIRE(back);
  CHECK(compare_checklists(before, *back).empty());
  CHECK(back->projects[1].workspace == before.projects[1].workspace);
  CHECK(back->projects[0].state_bytes == 5'000'000);

  nlohmann::json bad = checklist_to_json(before);
  bad["projects"][1]["port"] = "18909";
  CHECK(checklist_from_json(bad).message() == "projects[1].port: not a port number");
  bad = checklist_to_json(before);
  bad["projects"][0].erase("workspace");
  CHECK(checklist_from_json(bad).message() == "projects[0].workspace: missing");
  bad = checklist_to_json(before);
  bad["projects"][0]["plugins"]["nostr"] = 1;
  CHECK(checklist_from_json(bad).message() == "projects[0].plugins.nostr: not a string");
  CHECK_FALSE(checklist_from_json(nlohmann::json::object({{"kind", "clawform-plan"}})));
}

TEST_CASE("checklist: a plugin pin change is exactly one difference") {
  const Checklist before = host("before");
  Checklist after = host("after");
  after.projects[0].plugins["nostr"] = "2026.9.6 enabled";
  after.projects[0].state_bytes = 6'000'000;  // never a difference
  std::vector<ChecklistDifference> d = compare_checklists(before, after);
  REQUIRE(d.size() == 1);
  CHECK(d[0].project == "acme");
  CHECK(d[0].item == "plugins.nostr");
  CHECK(d[0].before == "2026.9.5 enabled");
  CHECK(d[0].after == "2026.9.6 enabled");
  CHECK(has_unexpected(d));
  CHECK_FALSE(has_unexpected(compare_checklists(before, after, {"acme.plugins.nostr"})));
  CHECK_FALSE(has_unexpected(compare_checklists(before, after, {"acme.plugins"})));
  CHECK_FALSE(has_unexpected(compare_checklists(before, after, {"*.plugins"})));
  CHECK(has_unexpected(compare_checklists(before, after, {"globex.plugins"})));

  const std::string text = render_checklist_comparison_text(before, after, d);
  CHECK(text.find("! plugins") != std::string::npos);
  CHECK(text.find("nostr") != std::string::npos);
  CHECK(text.find("1 difference (0 expected):\n  acme plugins.nostr: 2026.9.5 enabled -> 2026.9.6 enabled\n") !=
        std::string::npos);
  const std::string markdown = render_checklist_comparison_markdown(before, after, d);
  CHECK(markdown.find("| ❗ | plugins | 2 (2 enabled) | 2 (2 enabled) |") != std::string::npos);
  CHECK(markdown.find("- `acme` plugins.nostr: 2026.9.5 enabled → 2026.9.6 enabled") != std::string::npos);
}

TEST_CASE("checklist: added and removed plugins and projects, ports expected") {
  const Checklist before = host("before");
  Checklist after = host("after");
  after.projects[0].plugins.erase("nostr");
  after.projects[0].plugins["matrix"] = "2026.8.1 enabled";
  after.projects[1].port = 40600;
  after.projects[1].health = "unreachable: connection refused";
  after.projects.erase(after.projects.begin());
  after.projects.push_back(project("initech", 19029));
  std::vector<ChecklistDifference> d = compare_checklists(before, after, {"*.port"});
  REQUIRE(d.size() == 4);
  CHECK(d[0].project == "acme");
  CHECK(d[0].item == "project");
  CHECK(d[0].after == "(absent)");
  CHECK(d[1].item == "health");
  CHECK(d[2].item == "port");
  CHECK(d[2].expected);
  CHECK(d[3].project == "initech");
  CHECK(d[3].before == "(absent)");

  Checklist plugins_changed = host("after");
  plugins_changed.projects[0].plugins.erase("nostr");
  plugins_changed.projects[0].plugins["matrix"] = "2026.8.1 enabled";
  d = compare_checklists(before, plugins_changed);
  REQUIRE(d.size() == 2);
  CHECK(d[0].item == "plugins.matrix");
  CHECK(d[0].before == "(absent)");
  CHECK(d[1].item == "plugins.nostr");
  CHECK(d[1].after == "(absent)");
}

TEST_CASE("checklist: the same host twice has no difference") {
  std::vector<ChecklistDifference> d = compare_checklists(host("a"), host("b"));
  CHECK(d.empty());
  CHECK(summarize_differences(d) == "no difference");
  CHECK(render_checklist_comparison_text(host("a"), host("b"), d).find("\nno difference.\n") != std::string::npos);
}

}  // namespace
}  // namespace clawform
