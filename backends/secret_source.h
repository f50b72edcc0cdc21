#pragma once
// Reading the values key references point at, on the host clawform runs on:
// an environment variable, a file, or a macOS keychain item (`security
// find-generic-password -w`). Values are returned to the caller only; no
// error message, log line or exception ever contains one.

#include <functional>
#include <optional>
#include <string>

#include "compiler/host.h"

namespace clawform {

class HostSecretSource : public SecretSource {
 public:
  // `getenv` defaults to the process environment; tests pass their own.
  using Getenv = std::function<const char*(const char*)>;
  HostSecretSource();
  explicit HostSecretSource(Getenv getenv);

 protected:
  Result<std::string> read_value(const KeyRef& ref) override;

 private:
  Getenv getenv_;
};

// Secret files larger than this are refused (an API key is well under 1 KiB).
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

// HMAC-SHA256 under the host's digest key (backends/digest.h) for secrets,
// SHA-256 for content.
class KeyedDigester : public Digester {
 public:
  explicit KeyedDigester(std::string key) : key_(std::move(key)) {}
  std::string secret_digest(const std::string& value) const override;
  std::string content_digest(const std::string& content) const override;

 private:
  std::string key_;
};

}  // namespace clawform
