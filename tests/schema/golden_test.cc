// Every manifest under fixtures/manifests/{valid,invalid}/ has a golden file
// NAME.expected holding the exact `clawform validate` report.
#include <doctest/doctest.h>

#include "schema/validate.h"
#include "tests/support/golden.h"

namespace clawform {
namespace {

std::string golden_path(const std::string& manifest) {
  return manifest.substr(0, manifest.size() - std::string(".yaml").size()) + ".expected";
}

void check_directory(const std::string& dir, bool expect_valid) {
  auto manifests = testing::list_files(dir, ".yaml");
  REQUIRE_FALSE(manifests.empty());
  for (const std::string& manifest : manifests) {
    CAPTURE(manifest);
    FileValidation validation = validate_file(manifest, /*strict=*/false);
    CHECK(validation.diagnostics.has_errors() != expect_valid);
    std::string report = render_validation_text(validation);
    CHECK(testing::compare_golden(golden_path(manifest), report) == "");
    // Same input, same bytes.
    CHECK(render_validation_text(validate_file(manifest, false)) == report);
  }
}

TEST_CASE("golden: every invalid fixture reports exactly its expected diagnostics") {
  check_directory("fixtures/manifests/invalid", /*expect_valid=*/false);
}

TEST_CASE("golden: every valid fixture and example validates - with its expected warnings") {
  check_directory("fixtures/manifests/valid", /*expect_valid=*/true);
  for (const std::string& example : testing::list_files("examples", ".yaml")) {
    CAPTURE(example);
    FileValidation validation = validate_file(example, /*strict=*/true);
    CHECK(render_validation_text(validation) == example + ": valid\n");
  }
}

}  // namespace
}  // namespace clawform
