#include <doctest/doctest.h>

#include "backends/npm_install_record.h"

namespace clawform {
namespace {

TEST_CASE("npm install record: the package-lock.json beside the package's node_modules") {
  const std::string project = "/h/.openclaw/npm/projects/openclaw-nostr-f80abd95cb";
  CHECK(*install_record_path(project + "/node_modules/@openclaw/nostr", "@openclaw/nostr") ==
        project + "/package-lock.json");
  CHECK(*install_record_path("/p/node_modules/left-pad/", "left-pad") == "/p/package-lock.json");
  CHECK(install_record_path("/h/.openclaw/extensions/nostr", "@openclaw/nostr").message() ==
        "openclaw says @openclaw/nostr is installed in /h/.openclaw/extensions/nostr, not in an npm project's "
        "node_modules/");
  CHECK_FALSE(install_record_path("", "x").is_ok());
}

TEST_CASE("npm install record: version and integrity of the package's entry - or what is missing") {
  // As npm 11 under OpenClaw 2026.9.6 wrote it (trimmed).
  const std::string lock = R"({"name":"openclaw-nostr","lockfileVersion":3,"packages":{
    "":{"dependencies":{"@openclaw/nostr":"2026.9.4"}},
    "node_modules/@openclaw/nostr":{"version":"2026.9.4",
      "resolved":"https://registry.npmjs.org/@openclaw/nostr/-/nostr-2026.9.4.tgz",
      "integrity":"sha512-71Q8lwj+ZAuIvbiq6f2Y6zCV0b3x/KBjwuJPQbvcJOoQTv9keYJNGK4mqWk6wxFCtH4DPXAfuRVWy900GQ0ycA=="}}})";
  Result<InstallRecord> r = parse_install_record(lock, "/p/package-lock.json", "@openclaw/nostr");
  REQUIRE(r.is_ok());
  CHECK(r->version == "2026.9.4");
  CHECK(r->integrity.rfind("sha512-71Q8", 0) == 0);
  CHECK(parse_install_record(lock, "/p/package-lock.json", "@openclaw/matrix").message() ==
        "/p/package-lock.json: no entry for @openclaw/matrix (packages[\"node_modules/@openclaw/matrix\"])");
  CHECK(parse_install_record("not json", "/p/l.json", "x").message() ==
        "/p/l.json: not a JSON object (npm's install record)");
  CHECK(parse_install_record(R"({"packages":{"node_modules/x":{"version":1}}})", "/p/l.json", "x").message() ==
        "/p/l.json: the entry for x has no version or no integrity");
}

}  // namespace
}  // namespace clawform
