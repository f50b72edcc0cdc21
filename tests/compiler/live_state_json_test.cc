#include <doctest/doctest.h>

#include "compiler/live_state_json.h"
#include "tests/support/golden.h"

namespace clawform {
namespace {

TEST_CASE("live state JSON: recorded fixtures read back and re-serialize to the same bytes") {
  auto files = testing::list_files("fixtures/live", ".json");
  REQUIRE_FALSE(files.empty());
  for (const std::string& file : files) {
    CAPTURE(file);
    std::string text = testing::read_file(file);
    LiveState state = live_state_from_json(nlohmann::json::parse(text));
    CHECK(testing::compare_golden(file, live_state_to_json(state).dump(2) + "\n") == "");
  }
}

TEST_CASE("live state JSON: missing fields default - wrong versions are refused") {
  LiveState s = live_state_from_json(nlohmann::json::parse(
      R"({"format_version": 2, "instances": [{"instance": "acme", "gateway": {"port": 18789}}]})"));
  REQUIRE(s.instances.size() == 1);
  CHECK(s.instances[0].gateway.port == 18789);
  CHECK_FALSE(s.instances[0].openclaw_version.has_value());
  CHECK_THROWS_WITH(live_state_from_json(nlohmann::json::parse(R"({"format_version": 1, "instances": []})")),
                    doctest::Contains("live state format_version 1 is not supported"));
  CHECK_THROWS(live_state_from_json(nlohmann::json::parse(R"({"format_version": 9, "instances": []})")));
}

}  // namespace
}  // namespace clawform
