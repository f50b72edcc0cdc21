// Parsers over outputs captured from the real openclaw 2026.9.6
// (fixtures/openclaw/, copied from ../shared/openclaw/fixtures/).
#include <doctest/doctest.h>

#include <algorithm>

#include "backends/openclaw_cli.h"
#include "backends/openclaw_parse.h"
#include "tests/support/golden.h"

namespace clawform {
namespace {

template <typename T>
const T& value(const Result<T>& parsed) {
  if (!parsed) FAIL(parsed.message());
  return *parsed;
}

std::string error(const auto& parsed) {
  REQUIRE(!parsed.is_ok());
  return parsed.message();
}

TEST_CASE("openclaw parse: --version") {
  CHECK(value(parse_openclaw_version("OpenClaw 2026.9.6 (eb377ac)\n")) == "2026.9.6");
  CHECK(value(parse_openclaw_version("OpenClaw 2026.10.1-beta.2 (abc1234)")) == "2026.10.1-beta.2");
  CHECK(error(parse_openclaw_version("garbage")) == "no version in `openclaw --version` output");
}

TEST_CASE("openclaw parse: plugins list --json from the real CLI") {
  auto plugins = value(parse_plugins_list(testing::read_file("fixtures/openclaw/plugins-list.json")));
  REQUIRE(plugins.size() == 5);
  CHECK(std::is_sorted(plugins.begin(), plugins.end(),
                       [](const PluginState& a, const PluginState& b) { return a.id < b.id; }));
  auto nostr = std::find_if(plugins.begin(), plugins.end(), [](const PluginState& p) { return p.id == "nostr"; });
  REQUIRE(nostr != plugins.end());
  CHECK(nostr->name == "Nostr");
  CHECK(nostr->version == "2026.9.5");
  CHECK(nostr->origin == "global");
  CHECK(nostr->enabled);
  CHECK(nostr->status == "loaded");
  CHECK(nostr->install_source == "npm");
  CHECK(nostr->install_spec == "@openclaw/nostr@2026.9.5");
}

TEST_CASE("openclaw parse: plugins list tolerates unknown fields - rejects garbage") {
  auto plugins = value(parse_plugins_list(
      R"({"plugins":[{"id":"b","enabled":false,"future":{"x":1}},{"id":"a","version":"1.0.0","enabled":true},{"no":"id"}]})"));
  REQUIRE(plugins.size() == 2);
  CHECK(plugins[0].id == "a");
  CHECK_FALSE(plugins[1].enabled);
  CHECK(error(parse_plugins_list("{not json")) == "`plugins list --json` printed something that is not JSON");
  CHECK(error(parse_plugins_list(R"({"plugins": 3})")) ==
        "`plugins list --json` printed JSON without a \"plugins\" list");
}

TEST_CASE("openclaw parse: the message of a --json failure") {
  CHECK(openclaw_error_message(
            "Missing required argument \"path\".\n{\n \"ok\": false,\n \"error\": {\"type\": \"cli_error\", "
            "\"message\": \"Missing required argument \\\"path\\\".\"}}") == "Missing required argument \"path\".");
  CHECK_FALSE(openclaw_error_message("plain text").has_value());
}

}  // namespace
}  // namespace clawform

namespace clawform {
namespace {

TEST_CASE("openclaw failure: a full disk is named even when openclaw's last lines say something else") {
  ProcessResult result;
  result.outcome = ProcessResult::Outcome::Exited;
  result.exit_code = 1;
  result.err =
      "Installing @openclaw/nostr@2026.9.5 ...\n"
      "npm error code ENOSPC\n"
      "npm error nospc ENOSPC: no space left on device, write\n"
      "[openclaw] Debug: set OPENCLAW_DEBUG=1 to include the stack trace.\n"
      "[openclaw] Try: openclaw doctor\n"
      "[openclaw] Help: openclaw --help\n";
  CHECK(describe_failure(result) ==
        "exit 1: npm error nospc ENOSPC: no space left on device, write\n[openclaw] Debug: set OPENCLAW_DEBUG=1 to include the stack trace.\n"
        "[openclaw] Try: openclaw doctor\n[openclaw] Help: openclaw --help");
  result.err = "boom\n";
  CHECK(describe_failure(result) == "exit 1: boom");
}

}  // namespace
}  // namespace clawform
