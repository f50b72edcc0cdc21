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

// The value, or the error in a form no value takes.
std::string value_of(const Result<std::string>& r) { return r ? *r : "(failed: " + r.message() + ")"; }
// Why reading failed; a marker when it did not.
std::string message_of(const Result<std::string>& r) { return r ? "(read a value)" : r.message(); }

TEST_CASE("secret source: environment variables - set - unset - empty - several lines") {
  std::map<std::string, std::string> env = {
      {"GOOD", "sk-canary-1\n"}, {"EMPTY", "  "}, {"LINES", "sk-a\nsk-b"}};
  HostSecretSource source([&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
  std::string error;
  CHECK(value_of(source.read(env_ref("GOOD"))) == "sk-canary-1");
  error = message_of(source.read(env_ref("ABSENT")));
  CHECK(error == "environment variable ABSENT is not set");
  error = message_of(source.read(env_ref("EMPTY")));
  CHECK(error == "environment variable EMPTY is empty");
  error = message_of(source.read(env_ref("LINES")));
  CHECK(error.find("holds more than one line") != std::string::npos);
  CHECK(error.find("sk-a") == std::string::npos);
}

TEST_CASE("secret source: files - one value - missing - a directory - oversized") {
  testing::TempDir dir;
  testing::write_file(dir.path("key"), "sk-canary-file\n");
  testing::write_file(dir.path("big"), std::string(kMaxSecretFileBytes + 1, 'x'));
  HostSecretSource source;
  std::string error;
  CHECK(value_of(source.read(file_ref(dir.path("key")))) == "sk-canary-file");
  error = message_of(source.read(file_ref(dir.path("absent"))));
  CHECK(error == "file " + dir.path("absent") + ": No such file or directory");
  error = message_of(source.read(file_ref(dir.path())));
  CHECK(error == "file " + dir.path() + " is not a regular file");
  error = message_of(source.read(file_ref(dir.path("big"))));
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
  error = message_of(source.read(ref));
  CHECK(error.starts_with("keychain item clawform-acme (account anthropic): the macOS `security` command is not "
                          "available here"));
}

}  // namespace
}  // namespace clawform
