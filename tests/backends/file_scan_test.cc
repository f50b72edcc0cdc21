#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "backends/digest.h"
#include "backends/file_scan.h"
#include "backends/real_host.h"
#include "tests/support/golden.h"

namespace clawform {
namespace {

TEST_CASE("file scan: dotenv names and values") {
  auto env = parse_dotenv("# comment\nexport A=1\nB = \"two words\"\nC='x'\n\nbad line\nA=3\r\n");
  CHECK(env == std::map<std::string, std::string>{{"A", "3"}, {"B", "two words"}, {"C", "x"}});
}

TEST_CASE("file scan: key files yield names and keyed digests - never values") {
  auto dir = std::filesystem::temp_directory_path() / ("clawform-scan-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ::chmod(dir.c_str(), 0700);
  std::string key_file = (dir / ".env").string();
  testing::write_file(key_file, "ANTHROPIC_API_KEY=sk-ant-CANARYSECRETVALUE\n");
  ::chmod(key_file.c_str(), 0600);

  std::string error;
  RealHost host({}, {});
  SecretsState s = scan_secrets(host, dir.string(), key_file, "host-key", error);
  CHECK(error.empty());
  CHECK(s.dir.type == "dir");
  CHECK(s.dir.mode == 0700);
  CHECK(s.key_file.mode == 0600);
  REQUIRE(s.key_digests.size() == 1);
  CHECK(s.key_digests.at("ANTHROPIC_API_KEY") == hmac_sha256_hex("host-key", "sk-ant-CANARYSECRETVALUE"));
  CHECK(s.key_digests.at("ANTHROPIC_API_KEY").find("CANARY") == std::string::npos);
  CHECK(scan_secrets(host, dir.string(), key_file, "other-key", error).key_digests.at("ANTHROPIC_API_KEY") !=
        s.key_digests.at("ANTHROPIC_API_KEY"));

  Result<std::string> key = load_or_create_digest_key(dir.string() + "/cf");
  REQUIRE(key.is_ok());
  CHECK(key->size() == 32);
  CHECK(stat_path(dir.string() + "/cf/digest.key").mode == 0600);
  Result<std::string> again = load_or_create_digest_key(dir.string() + "/cf");
  REQUIRE(again.is_ok());
  CHECK(*again == *key);
  testing::write_file(dir.string() + "/cf/digest.key", "short");
  CHECK(load_or_create_digest_key(dir.string() + "/cf").message() ==
        dir.string() + "/cf/digest.key is not a 32-byte digest key");
  std::filesystem::remove_all(dir);
}

TEST_CASE("file scan: absent paths and SHA-256") {
  CHECK_FALSE(stat_path("/nonexistent/clawform").exists);
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog") ==
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

}  // namespace
}  // namespace clawform
