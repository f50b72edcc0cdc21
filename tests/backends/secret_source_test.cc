#include <doctest/doctest.h>

#include <sys/stat.h>

#include <map>

#include "backends/secret_source.h"
#include "tests/support/golden.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

KeyRef env_ref(const std::string& var) {
  KeyRef r;
  r.source = KeyRef::Source::Env;
  r.var = var;
  return r;
}

KeyRef file_ref(const std::string& path) {
  KeyRef r;
  r.source = KeyRef::Source::File;
  r.path = path;
  return r;
}

TEST_CASE("secret source: environment variables - set - unset - empty - several lines") {
  std::map<std::string, std::string> env = {
      {"GOOD", "sk-canary-1\n"}, {"EMPTY", "  "}, {"LINES", "sk-a\nsk-b"}};
  HostSecretSource source([&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  std::string error;
  CHECK(source.read(env_ref("GOOD"), error) == "sk-canary-1");
  CHECK_FALSE(source.read(env_ref("ABSENT"), error));
  CHECK(error == "environment variable ABSENT is not set");
  CHECK_FALSE(source.read(env_ref("EMPTY"), error));
  CHECK(error == "environment variable EMPTY is empty");
  CHECK_FALSE(source.read(env_ref("LINES"), error));
  CHECK(error.find("holds more than one line") != std::string::npos);
  CHECK(error.find("sk-a") == std::string::npos);
}

TEST_CASE("secret source: files - one value - missing - a directory - oversized") {
  testing::TempDir dir;
  testing::write_file(dir.path("key"), "sk-canary-file\n");
  testing::write_file(dir.path("big"), std::string(kMaxSecretFileBytes + 1, 'x'));
  HostSecretSource source;
  std::string error;
  CHECK(source.read(file_ref(dir.path("key")), error) == "sk-canary-file");
  CHECK_FALSE(source.read(file_ref(dir.path("absent")), error));
  CHECK(error == "file " + dir.path("absent") + ": No such file or directory");
  CHECK_FALSE(source.read(file_ref(dir.path()), error));
  CHECK(error == "file " + dir.path() + " is not a regular file");
  CHECK_FALSE(source.read(file_ref(dir.path("big")), error));
  CHECK(error == "file " + dir.path("big") + " is 65537 bytes; over the limit of 65536");
}

TEST_CASE("secret source: a keychain reference without macOS security fails clearly") {
  KeyRef ref;
  ref.source = KeyRef::Source::Keychain;
  ref.service = "clawform-acme";
  ref.account = "anthropic";
  HostSecretSource source([](const char* name) -> const char* {
    return std::string(name) == "PATH" ? "/nonexistent" : nullptr;
  });
  std::string error;
  CHECK_FALSE(source.read(ref, error));
  CHECK(error.starts_with("keychain item clawform-acme (account anthropic): the macOS `security` command is not "
                          "available here"));
}

}  // namespace
}  // namespace clawform
