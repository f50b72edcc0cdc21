// plan/apply --project: the manifest limited to the named projects.
#include <doctest/doctest.h>

#include "compiler/project_filter.h"
#include "schema/validate.h"

namespace clawform {
namespace {

Manifest manifest_of(const std::string& topology) {
  const std::string text = "apiVersion: clawform/v1\nfleet: t\nregion: sg\n"
                           "host: {os: linux, memory_gb: 64, disk_gb: 2048}\nopenclaw: {version: 2026.9.6}\n"
                           "defaults: {model: anthropic/claude-sonnet-4-6}\ntopology: " + topology + "\n"
                           "gateway: {ports: 18789-19400}\nprojects:\n"
                           "  acme: {port: 18789, unauthenticated_gateway: {reason: test}}\n"
                           "  internal: {port: 18909, canary: true, unauthenticated_gateway: {reason: test}}\n"
                           "  globex: {port: 19029, unauthenticated_gateway: {reason: test}}\n"
                           "remove_projects: [old]\n";
  FileValidation v = validate_text("fleet.yaml", text, false);
  REQUIRE_MESSAGE(v.manifest, render_validation_text(v));
  return *v.manifest;
}

TEST_CASE("project filter: only the named projects and removals - in manifest order") {
  const Manifest m = manifest_of("C");
  Result<Manifest> one = select_projects(m, {"internal"});
  REQUIRE(one.is_ok());
  REQUIRE(one->projects.size() == 1);
  CHECK(one->projects[0].name == "internal");
  CHECK(one->remove_projects.empty());
  Result<Manifest> two = select_projects(m, {"old", "globex", "acme"});
  REQUIRE(two.is_ok());
  REQUIRE(two->projects.size() == 2);
  CHECK(two->projects[0].name == "acme");
  CHECK(two->projects[1].name == "globex");
  REQUIRE(two->remove_projects.size() == 1);
  CHECK(two->fleet == "t");
}

TEST_CASE("project filter: an unknown name and topology A are errors naming why") {
  CHECK(select_projects(manifest_of("C"), {"internal", "intrenal"}).message() ==
        "--project intrenal: fleet.yaml has no project intrenal (its projects: acme, internal, globex, old)");
  CHECK(select_projects(manifest_of("A"), {"internal"}).message() ==
        "--project: fleet.yaml is topology A, whose one gateway serves every project; a project alone can be "
        "planned in topology B or C");
  CHECK(normalized_projects({"b", "a", "b"}) == std::vector<std::string>{"a", "b"});
}

}  // namespace
}  // namespace clawform
