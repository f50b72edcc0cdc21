// Golden plans: for each fixtures/plans/<case>/ (manifest.yaml, a recorded
// live.json, optional allow-destroy marker), the text, JSON and Markdown
// plans must match expected.{txt,json,md} byte for byte, twice over, and
// no output may contain a secret value. A plan refused with errors has its
// errors as expected.txt and no other file.
#include <doctest/doctest.h>

#include <filesystem>

#include "backends/planner.h"
#include "backends/steps/step_handlers.h"
#include "compiler/diff.h"
#include "compiler/live_state_json.h"
#include "compiler/plan_file.h"
#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"
#include "tests/support/golden.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

struct Rendered {
  std::string text, json, markdown;
  bool refused = false;
};

Rendered plan_case(const std::string& dir, testing::CanarySecrets& secrets) {
  const std::string manifest_path = dir + "/manifest.yaml";
  FileValidation v = validate_file(manifest_path, false);
  REQUIRE_MESSAGE(!v.diagnostics.has_errors(), render_validation_text(v));
  LiveState live = live_state_from_json(nlohmann::json::parse(testing::read_file(dir + "/live.json")));
  std::vector<PlanError> errors;
  DesiredState desired = testing::fixture_desired(*v.manifest, live.root, secrets, errors);
  const bool allow_destroy = std::filesystem::exists(dir + "/allow-destroy");
  Plan plan = diff(*v.manifest, desired, live, errors, {.allow_destroy = allow_destroy});
  describe_undo(plan);
  plan.waivers = gateway_auth_waivers(*v.manifest);  // as make_plan() does
  Rendered out;
  if (!plan.errors.empty()) {
    out.refused = true;
    out.text = render_plan_errors(plan.errors);
    return out;
  }
  KeyedDigester digester(testing::kFixtureDigestKey);
  PlanFile file = make_plan_file(plan, live, manifest_path, v.source, live.root, testing::kFixtureOpenclaw,
                                 "0.0.0-golden", digester);
  out.text = render_plan_text(plan, false);
  out.markdown = render_plan_markdown(plan, {.full_plan = "plan.json"});
  out.json = plan_file_bytes(file);
  return out;
}

std::vector<std::string> plan_cases() {
  std::vector<std::string> dirs;
  for (const auto& entry : std::filesystem::directory_iterator("fixtures/plans"))
    if (entry.is_directory()) dirs.push_back(entry.path().string());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

TEST_CASE("plan goldens: text - JSON and Markdown match byte for byte and repeat exactly") {
  std::vector<std::string> cases = plan_cases();
  REQUIRE(cases.size() >= 9);
  for (const std::string& dir : cases) {
    CAPTURE(dir);
    testing::CanarySecrets secrets;
    Rendered first = plan_case(dir, secrets);
    testing::CanarySecrets secrets_again;
    Rendered second = plan_case(dir, secrets_again);
    CHECK(first.text == second.text);
    CHECK(first.json == second.json);
    CHECK(first.markdown == second.markdown);
    CHECK(testing::compare_golden(dir + "/expected.txt", first.text) == "");
    if (first.refused) {
      CHECK_FALSE(std::filesystem::exists(dir + "/expected.json"));
      continue;
    }
    CHECK(testing::compare_golden(dir + "/expected.json", first.json) == "");
    CHECK(testing::compare_golden(dir + "/expected.md", first.markdown) == "");
    REQUIRE_FALSE(secrets.handed_out().empty());
    for (const std::string& value : secrets.handed_out()) {
      CHECK(first.text.find(value) == std::string::npos);
      CHECK(first.json.find(value) == std::string::npos);
      CHECK(first.markdown.find(value) == std::string::npos);
    }
  }
}

}  // namespace
}  // namespace clawform
