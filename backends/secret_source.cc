#include "backends/secret_source.h"

#include <cstdlib>

#include <fmt/format.h>

#include "backends/digest.h"
#include "backends/file_io.h"
#include "backends/process_runner.h"

namespace clawform {

namespace {

// One value per source: surrounding whitespace (a file's final newline) is
// not part of it, and a value spread over lines is a mistake.
Result<std::string> single_value(std::string text, const std::string& where) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && is_space(text[start])) ++start;
  text.erase(0, start);
  if (text.empty()) return Status::error(where + " is empty");
  if (text.find('\n') != std::string::npos)
    return Status::error(where + " holds more than one line; a key reference names a single value");
  return text;
}

Result<std::string> read_env(const KeyRef& ref, const HostSecretSource::Getenv& getenv) {
  const char* value = getenv(ref.var.c_str());
  std::string where = "environment variable " + ref.var;
  if (!value) return Status::error(where + " is not set");
  return single_value(value, where);
}

Result<std::string> read_key_file(const KeyRef& ref) {
  Result<std::string> text = read_file(ref.path, kMaxSecretFileBytes);
  if (!text) return text.status().prefixed("file ");
  return single_value(std::move(*text), "file " + ref.path);
}

Result<std::string> read_keychain(const KeyRef& ref, const HostSecretSource::Getenv& getenv) {
  std::string where = "keychain item " + ref.service;
  ProcessRequest request;
  request.argv = {"security", "find-generic-password", "-s", ref.service};
  if (!ref.account.empty()) {
    request.argv.push_back("-a");
    request.argv.push_back(ref.account);
    where += " (account " + ref.account + ")";
  }
  request.argv.push_back("-w");
  const char* path = getenv("PATH");
  request.env = {{"PATH", path ? path : "/usr/bin:/bin"}};
  if (const char* home = getenv("HOME")) request.env["HOME"] = home;
  request.timeout = std::chrono::seconds(15);
  request.max_output_bytes = kMaxSecretFileBytes;
  ProcessResult result = run_process(request);
  if (result.outcome == ProcessResult::Outcome::FailedToStart)
    return Status::error(where + ": the macOS `security` command is not available here (" + result.start_error + ")");
  if (!result.succeeded())  // security's stderr names the item, never its value.
    return Status::error(fmt::format("{}: `security find-generic-password` failed: {}{}", where, result.describe(),
                                     result.err_tail(1).empty() ? "" : ": " + result.err_tail(1)));
  return single_value(std::move(result.out), where);
}

}  // namespace

HostSecretSource::HostSecretSource() : getenv_([](const char* name) { return std::getenv(name); }) {}
HostSecretSource::HostSecretSource(Getenv getenv) : getenv_(std::move(getenv)) {}

Result<std::string> HostSecretSource::read_value(const KeyRef& ref) {
  switch (ref.source) {
    case KeyRef::Source::Env: return read_env(ref, getenv_);
    case KeyRef::Source::File: return read_key_file(ref);
    case KeyRef::Source::Keychain: return read_keychain(ref, getenv_);
  }
  return Status::error("unknown key source");
}

std::string KeyedDigester::secret_digest(const std::string& value) const { return hmac_sha256_hex(key_, value); }
std::string KeyedDigester::content_digest(const std::string& content) const { return sha256_hex(content); }

}  // namespace clawform
