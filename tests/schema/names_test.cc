// The hand-written matchers of names.h must accept exactly what the JSON
// Schema's regular expressions accept.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "schema/names.h"
#include "schema/vocabulary.h"

namespace clawform {
namespace {

void check_agrees(bool (*matcher)(std::string_view), std::string_view pattern,
                  const std::vector<std::string>& samples) {
  std::regex re{std::string(pattern), std::regex::ECMAScript};
  for (const std::string& s : samples) {
    CAPTURE(s);
    CAPTURE(pattern);
    CHECK(matcher(s) == std::regex_search(s, re));
  }
}

const std::vector<std::string> kSamples = {
    "", "a", "acme", "acme-2", "Acme", "2acme", "-acme", "a_b", "a/b", "..", "a..b", "ab.", "_x",
    std::string(32, 'a'), std::string(33, 'a'), std::string(63, 'a'), std::string(64, 'a'),
    "ANTHROPIC_API_KEY", "A", "A1_", "1A", "aB_c", "acme key", "@openclaw/nostr", "@openclaw/", "@/x",
    "code-review", "code.review", ".hidden", "~tilde", "@scope/name/extra", "UPPER",
    "1.2.3", "2026.9.5", "2.0.0-beta.3", "1.2.3+build.7", "1.2.3-rc.1+b", "01.2.3", "1.2", "^1.2.3",
    "~1.2.3", "1.2.x", "latest", "v1.2.3", "1.2.3-", "1.2.3-beta..1", "1.2.3+", ">=1.0.0", "*",
    "/srv/acme", "~/work/acme", "~/..", "/srv/../etc", "/srv/..", "/..foo", "work/acme", "~acme/x",
    "anthropic/claude-sonnet-4-6", "openai/gpt-5.4", "/model", "provider/", "a b/c", "a/b/c",
};

TEST_CASE("name matchers agree with the schema's regular expressions") {
  check_agrees(is_project_name, patterns::kProjectName, kSamples);
  check_agrees(is_fleet_name, patterns::kFleetName, kSamples);
  check_agrees(is_user_name, patterns::kUserName, kSamples);
  check_agrees(is_key_name, patterns::kKeyName, kSamples);
  check_agrees(is_env_var_name, patterns::kEnvVarName, kSamples);
  check_agrees(is_npm_package, patterns::kNpmPackage, kSamples);
  check_agrees(is_exact_version, patterns::kExactVersion, kSamples);
  check_agrees(is_model_ref, patterns::kModelRef, kSamples);
  check_agrees(is_workspace_path, patterns::kWorkspace, kSamples);
}

TEST_CASE("prerelease versions are exact versions with a prerelease part") {
  CHECK(is_prerelease("2.0.0-beta.3"));
  CHECK(is_prerelease("2026.8.1-beta.3+build"));
  CHECK_FALSE(is_prerelease("2026.9.5"));
  CHECK_FALSE(is_prerelease("1.2.3+build-7"));
  CHECK_FALSE(is_prerelease("^2.0.0-beta.3"));
}

TEST_CASE("versions compare by semver precedence - the example order of semver 2.0") {
  const std::vector<std::string> ordered = {"1.0.0-alpha",      "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                            "1.0.0-beta.2",     "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0",
                                            "2026.8.1-beta.3",  "2026.8.1",      "2026.9.5",         "2026.9.6",
                                            "2026.10.0",        "10000000000000000000001.0.0"};
  for (std::size_t i = 0; i < ordered.size(); ++i)
    for (std::size_t j = 0; j < ordered.size(); ++j) {
      CAPTURE(ordered[i]);
      CAPTURE(ordered[j]);
      const int c = compare_versions(ordered[i], ordered[j]);
      CHECK((i < j ? c < 0 : i > j ? c > 0 : c == 0));
    }
  CHECK(compare_versions("1.2.3+build.7", "1.2.3") == 0);  // build metadata is ignored
}

}  // namespace
}  // namespace clawform
