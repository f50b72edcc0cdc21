#include <doctest/doctest.h>

#include "compiler/live_state_json.h"
#include "compiler/render_live_state.h"
#include "tests/support/golden.h"

namespace clawform {
namespace {

TEST_CASE("live state text: each recorded state renders as its golden table") {
  for (const std::string& file : testing::list_files("fixtures/live", ".json")) {
    CAPTURE(file);
    LiveState state = live_state_from_json(nlohmann::json::parse(testing::read_file(file)));
    std::string golden = file.substr(0, file.size() - 5) + ".txt";
    CHECK(testing::compare_golden(golden, render_live_state_text(state)) == "");
  }
}

}  // namespace
}  // namespace clawform
