// Plans made offline from a recorded live state (`plan --live-state`,
// compiler/offline/): for every recorded golden case the offline plan's
// steps are the live plan's, save a key whose value changed (no value is
// read offline); a manifest that adds a project plans that project from
// nothing; the recording survives its JSON; unchecked digests are filled
// from a live plan.
#include <doctest/doctest.h>

#include <filesystem>

#include "backends/steps/step_handlers.h"
#include "backends/unchecked_secrets.h"
#include "compiler/diff.h"
#include "compiler/live_state_json.h"
#include "compiler/offline/aligned_state.h"
#include "compiler/offline/recorded_host.h"
#include "compiler/offline/unchecked_keys.h"
#include "schema/validate.h"
#include "tests/support/golden.h"
#include "tests/support/planned_fleet.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

struct Case {
  Manifest manifest;
  LiveState live;
};

Case load_case(const std::string& dir) {
  FileValidation v = validate_file(dir + "/manifest.yaml", false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  return {*v.manifest, live_state_from_json(nlohmann::json::parse(testing::read_file(dir + "/live.json")))};
}

// The fixture's manifest with room in its port range for one more project.
std::string with_delta_room(std::string yaml) {
  const std::string range = "ports: 18789-19139";
  const std::size_t at = yaml.find(range);
  REQUIRE(at != std::string::npos);
  return yaml.replace(at, range.size(), "ports: 18789-19299");
}

RecordedHost fixture_host(const Manifest& manifest, const std::string& root) {
  return {host_paths(manifest.host.os, root, "/unused"), GivenOpenClaw{testing::kFixtureOpenclaw, "2026.9.6", "24.21.0"}};
}

Plan live_plan(const Manifest& manifest, const LiveState& live) {
  testing::CanarySecrets secrets;
  std::vector<PlanError> errors;
  DesiredState desired = testing::fixture_desired(manifest, live.root, secrets, errors);
  Plan plan = diff(manifest, desired, live, errors, {.allow_destroy = true});
  describe_undo(plan);
  return plan;
}

Plan offline_plan(const Manifest& manifest, const LiveState& recorded, const RecordedHost& host) {
  UncheckedSecretSource secrets;
  UncheckedDigester digester;
  std::vector<PlanError> errors;
  DesiredState desired = compile_desired(manifest, host.paths, host.openclaw, secrets, digester, errors);
  LiveState live = align_recorded_state(recorded, manifest, host.paths, host.openclaw);
  Plan plan = diff(manifest, desired, live, errors, {.allow_destroy = true});
  describe_undo(plan);
  return plan;
}

TEST_CASE("offline plans: each recorded case plans as it does live, but for key values it cannot read") {
  for (const auto& entry : std::filesystem::directory_iterator("fixtures/plans")) {
    const std::string dir = entry.path().string();
    CAPTURE(dir);
    Case c = load_case(dir);
    Plan live = live_plan(c.manifest, c.live);
    if (!live.errors.empty()) continue;  // a refused case (c-remove-refused) has no steps to compare
    std::vector<std::string> expected;
    for (const std::string& line : testing::step_summary(live))
      if (line.find("(a key's value changed)") == std::string::npos) expected.push_back(line);
    Plan offline = offline_plan(c.manifest, c.live, fixture_host(c.manifest, c.live.root));
    REQUIRE(offline.errors.empty());
    CHECK(testing::step_summary(offline) == expected);
  }
}

TEST_CASE("offline plans: a key file whose names differ is still planned, its values unchecked") {
  Case c = load_case("fixtures/plans/c-converged");
  for (InstanceState& i : c.live.instances)
    for (ProjectFiles& f : i.files)
      if (f.project == "globex") f.secrets.key_digests = {{"ANTHROPIC_API_KEY", "0123"}};
  Plan offline = offline_plan(c.manifest, c.live, fixture_host(c.manifest, c.live.root));
  const Step* key = testing::find_step(offline, "project.globex.key_file");
  REQUIRE(key);
  CHECK(key->reason == "key names differ");
  for (const KeyEntry& k : std::get<KeyFileTarget>(key->target).keys) CHECK(is_unchecked_digest(k.digest));
}

TEST_CASE("offline plans: a project the recording never saw is planned from nothing, the others untouched") {
  Case c = load_case("fixtures/plans/c-converged");
  const std::string yaml = with_delta_room(testing::read_file("fixtures/plans/c-converged/manifest.yaml")) +
                           "  delta:\n"
                           "    port: 19149\n"
                           "    unauthenticated_gateway: recorded plan fixture, no other tenant\n"
                           "    keys:\n"
                           "      ANTHROPIC_API_KEY: { from: env, var: DELTA_ANTHROPIC_KEY }\n";
  FileValidation v = validate_text("fleet.yaml", yaml, false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  Plan offline = offline_plan(*v.manifest, c.live, fixture_host(*v.manifest, c.live.root));
  REQUIRE(offline.errors.empty());
  REQUIRE(!offline.steps.empty());
  for (const Step& s : offline.steps) {
    CAPTURE(s.address);
    CHECK(s.project == "delta");
  }
  const Step* key = testing::find_step(offline, "project.delta.key_file");
  REQUIRE(key);
  CHECK(key->action == Action::Create);
}

TEST_CASE("offline plans: the recorded host survives its JSON") {
  RecordedHost host = fixture_host(load_case("fixtures/plans/b-converged").manifest, "/sandbox");
  host.paths.real_users = true;
  host.paths.accounts["acme"] = {"acme", 1001, 1002, "/home/acme"};
  host.openclaw.node_version.reset();
  Case c = load_case("fixtures/plans/b-converged");
  c.live.root = "/sandbox";
  nlohmann::json document = live_state_to_json(c.live);
  document["host"] = recorded_host_to_json(host);
  RecordedLiveState back = recorded_live_state_from_json(nlohmann::json::parse(document.dump()));
  CHECK(back.host.paths.root == "/sandbox");
  CHECK(back.host.paths.operator_home == host.paths.operator_home);
  CHECK(back.host.paths.clawform_dir == host.paths.clawform_dir);
  CHECK(back.host.paths.real_users);
  REQUIRE(back.host.paths.accounts.count("acme") == 1);
  CHECK(back.host.paths.accounts["acme"].uid == 1001);
  CHECK(back.host.paths.accounts["acme"].home == "/home/acme");
  CHECK(back.host.openclaw.binary == testing::kFixtureOpenclaw);
  CHECK(back.host.openclaw.version == std::optional<std::string>("2026.9.6"));
  CHECK(!back.host.openclaw.node_version);
  CHECK(live_state_to_json(back.live) == live_state_to_json(c.live));

  document.erase("host");
  CHECK_THROWS_AS(recorded_live_state_from_json(document), nlohmann::json::exception);
}

TEST_CASE("offline plans: unchecked digests take the live plan's, known ones are kept") {
  Plan offline, live;
  Step key;
  key.address = "project.acme.key_file";
  key.kind = StepKind::KeyFile;
  key.target = KeyFileTarget{"/k", 0600, {{"A", std::string(kUncheckedDigestPrefix) + "x", {}}, {"B", "known", {}}}};
  offline.steps.push_back(key);
  key.target = KeyFileTarget{"/k", 0600, {{"A", "live-a", {}}, {"B", "live-b", {}}}};
  live.steps.push_back(key);
  fill_unchecked_key_digests(offline, live);
  const auto& keys = std::get<KeyFileTarget>(offline.steps[0].target).keys;
  CHECK(keys[0].digest == "live-a");
  CHECK(keys[1].digest == "known");

  CHECK(!key_values_differ({{"A", "1"}}, {{"A", std::string(kUncheckedDigestPrefix) + "y"}}));
  CHECK(key_values_differ({{"A", "1"}}, {{"B", std::string(kUncheckedDigestPrefix) + "y"}}));
  CHECK(key_values_differ({{"A", "1"}}, {{"A", "2"}}));
  CHECK(key_values_differ({{"A", "1"}}, {{"A", "1"}, {"B", "2"}}));
}

}  // namespace
}  // namespace clawform
