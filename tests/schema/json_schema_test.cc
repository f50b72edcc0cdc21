#include <doctest/doctest.h>

#include <string>

#include "schema/json_schema.h"
#include "schema/lints.h"
#include "schema/vocabulary.h"
#include "tests/support/golden.h"

namespace clawform {
namespace {

TEST_CASE("the JSON Schema is draft 2020-12 and describes every object and key") {
  nlohmann::ordered_json schema = manifest_json_schema();
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(schema["additionalProperties"] == false);
  for (const ObjectSpec& spec : object_specs()) {
    if (spec.name == "manifest" || spec.name == "key_ref") continue;
    CAPTURE(spec.name);
    const auto& def = schema["$defs"][std::string(spec.name)];
    REQUIRE(def.is_object());
    for (const FieldSpec& field : spec.fields) {
      CAPTURE(field.key);
      CHECK(def["properties"][std::string(field.key)]["description"] == std::string(field.description));
    }
  }
  CHECK(schema["$defs"]["key_ref"]["oneOf"].size() == 3);
}

TEST_CASE("docs/manifest.md holds the generated field reference - unedited") {
  std::string doc = testing::read_file("docs/manifest.md");
  const std::string begin = "<!-- BEGIN GENERATED: clawform schema --format markdown -->\n";
  const std::string end = "<!-- END GENERATED -->";
  auto from = doc.find(begin);
  auto to = doc.find(end);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  CHECK(doc.substr(from + begin.size(), to - from - begin.size()) == manifest_reference_markdown());
}

TEST_CASE("docs/lints.md documents every diagnostic ID") {
  std::string doc = testing::read_file("docs/lints.md");
  for (const LintInfo& lint : lint_catalog()) {
    CAPTURE(lint.id);
    CHECK(doc.find("### `" + std::string(lint.id) + "`") != std::string::npos);
  }
}

}  // namespace
}  // namespace clawform
