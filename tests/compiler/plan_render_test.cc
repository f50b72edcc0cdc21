// Renderers, the plan file and the live fingerprint, on plans built here.
#include <doctest/doctest.h>

#include "compiler/live_fingerprint.h"
#include "compiler/plan_file.h"
#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"
#include "schema/validate.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

Step step(int index, Action action, const std::string& project) {
  Step s;
  s.index = index;
  s.action = action;
  s.project = project;
  s.kind = StepKind::Config;
  s.address = "project." + project + ".config";
  s.reason = "differs";
  s.before = {{"gateway.port", 18788}};
  s.after = {{"gateway.port", 18789}};
  s.target = ConfigTarget{"/sandbox/Users/operator/.openclaw-" + project + "/openclaw.json", {{"gateway.port", 18789}}};
  return s;
}

struct FixtureFleet {
  FileValidation validation;
  DesiredState desired;
};

FixtureFleet fixture_fleet(const std::string& manifest) {
  FixtureFleet f{validate_file(manifest, false), {}};
  REQUIRE(f.validation.manifest);
  testing::CanarySecrets secrets;
  std::vector<PlanError> errors;
  f.desired = testing::fixture_desired(*f.validation.manifest, "/sandbox", secrets, errors);
  REQUIRE(errors.empty());
  return f;
}

TEST_CASE("markdown: a plan too long for a ticket is cut under 65536 characters with a pointer to the file") {
  Plan plan;
  plan.fleet = "big";
  plan.topology = "C";
  for (int i = 1; i <= 3000; ++i) plan.steps.push_back(step(i, Action::Update, "p" + std::to_string(i / 10)));
  for (int i = 0; i < 2000; ++i) plan.unmanaged.push_back("project.p1.plugin[\"x" + std::to_string(i) + "\"] 1.0.0");
  std::string md = render_plan_markdown(plan, {.full_plan = "plan-2026-11-25.json"});
  CHECK(md.size() < 65536);
  CHECK(md.find("**Plan: 0 to create, 3000 to update, 0 to delete, 0 restart.**") != std::string::npos);
  CHECK(md.find("more steps are not shown: the full plan is in plan-2026-11-25.json._") != std::string::npos);
  CHECK(md.find("2000 unmanaged things are listed in the full plan") != std::string::npos);

  Plan small = plan;
  small.steps.resize(5);
  small.unmanaged.clear();
  std::string short_md = render_plan_markdown(small, {.full_plan = "plan.json"});
  CHECK(short_md.find("not shown") == std::string::npos);
  CHECK(short_md.find("| 5 | `~` | `project.p0.config` | update | `gateway.port: 18788 -> 18789` | differs |") !=
        std::string::npos);
}

TEST_CASE("markdown: deletes and replaces raise a banner") {
  Plan plan;
  plan.steps.push_back(step(1, Action::Update, "acme"));
  CHECK(render_plan_markdown(plan, {}).find("Warning") == std::string::npos);
  Step gone = step(2, Action::Delete, "acme");
  gone.destructive = true;
  gone.address = "project.acme.plugin[\"@openclaw/zalo\"]";
  plan.steps.push_back(gone);
  std::string md = render_plan_markdown(plan, {});
  CHECK(md.find("> **Warning: this plan deletes or replaces 1 resource.**") != std::string::npos);
  CHECK(md.find("> - delete `project.acme.plugin[\"@openclaw/zalo\"]` (differs)") != std::string::npos);
}

TEST_CASE("text: colour only when asked - summary counts replaces") {
  Plan plan;
  plan.steps.push_back(step(1, Action::Create, "acme"));
  plan.steps.push_back(step(2, Action::Replace, "acme"));
  plan.steps.push_back(step(3, Action::Restart, "acme"));
  CHECK(render_plan_text(plan, true).find("\033[32m+\033[0m") != std::string::npos);
  CHECK(render_plan_text(plan, false).find('\033') == std::string::npos);
  CHECK(plan_summary_line(plan) == "Plan: 1 to create, 0 to update, 0 to delete, 1 to replace, 1 restart.");
  CHECK(plan_summary_line(Plan{}) == "No changes.");
}

TEST_CASE("plan file: reads back to the same bytes - other versions refused") {
  FixtureFleet fleet = fixture_fleet("fixtures/plans/c-drifted/manifest.yaml");
  LiveState live = testing::fresh_live(fleet.desired, "/sandbox");
  Plan plan;
  plan.fleet = "f";
  plan.topology = "C";
  plan.steps.push_back(step(1, Action::Update, "acme"));
  KeyedDigester digester(testing::kFixtureDigestKey);
  PlanFile file = make_plan_file(plan, live, "m.yaml", fleet.validation.source, "/sandbox", "/bin/openclaw", "1.2.3", digester);
  std::string bytes = plan_file_bytes(file);
  CHECK(plan_file_bytes(plan_file_from_json(nlohmann::json::parse(bytes))) == bytes);
  nlohmann::json future = nlohmann::json::parse(bytes);
  future["format_version"] = 2;
  CHECK_THROWS_WITH(plan_file_from_json(future), doctest::Contains("plan format_version 2 is not supported"));
}

TEST_CASE("live fingerprint: ignores what changes on its own - names the instance and group that drifted") {
  FixtureFleet fleet = fixture_fleet("fixtures/plans/c-converged/manifest.yaml");
  LiveState live = testing::converged_live(fleet.desired, "/sandbox");
  KeyedDigester digester("");
  LiveFingerprint planned = fingerprint_live(live, digester);

  LiveState noisy = live;
  noisy.instances[0].gateway.health.latency_ms = 999;
  noisy.instances[0].gateway.failing = {"event-loop"};
  noisy.instances[0].gateway.is_ready = false;  // /ready: a channel's provider can fail it
  noisy.instances[0].plugins[0].status = "error";
  noisy.instances[0].state_dir_path.size = 12345;
  CHECK(fingerprint_live(noisy, digester) == planned);

  LiveState moved = live;
  moved.instances[1].config.values["gateway.port"] = 18800;
  moved.instances[2].gateway.ok = false;
  moved.instances[0].node_version = "22.11.0";
  std::vector<std::string> drift = fingerprint_drift(planned, fingerprint_live(moved, digester));
  REQUIRE(drift.size() == 3);
  CHECK(drift[0] == "acme: state_dir changed");
  CHECK(drift[1] == "globex: config changed");
  CHECK(drift[2] == "internal: gateway changed");
  LiveState draining = live;
  draining.instances[2].gateway.startup_status = "draining";
  CHECK(fingerprint_drift(planned, fingerprint_live(draining, digester)) ==
        std::vector<std::string>{"internal: gateway changed"});
}

}  // namespace
}  // namespace clawform
