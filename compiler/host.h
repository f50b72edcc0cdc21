#pragma once
// The seams through which the compiler reaches the host. compiler/ declares
// them; backends/ implements them against the real host; tests may use the
// real implementations against a sandbox root, or fakes for faults.

#include <optional>
#include <string>

#include "schema/model.h"

namespace clawform {

// Reads secret values from where key references point. The value is used
// at once (digested, or written to a key file) and never stored elsewhere.
class SecretSource {
 public:
  virtual ~SecretSource() = default;
  // The value `ref` points at, or nullopt with `error` saying why (without
  // the value): "environment variable ACME_KEY is not set".
  virtual std::optional<std::string> read(const KeyRef& ref, std::string& error) = 0;
};

// Digests, in lower-case hex.
class Digester {
 public:
  virtual ~Digester() = default;
  // A secret value, keyed by the host's digest key (HMAC-SHA256): the same
  // digests discovery records for key files.
  virtual std::string secret_digest(const std::string& value) const = 0;
  // Plain SHA-256 of non-secret content (service files).
  virtual std::string content_digest(const std::string& content) const = 0;
};

}  // namespace clawform
