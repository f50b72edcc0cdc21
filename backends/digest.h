#pragma once
// Digests that let clawform compare secret values without keeping them:
// HMAC-SHA256 under a per-host key, so a digest in a plan or live state
// cannot be reversed or matched against a guessed value elsewhere.
// The only user of OpenSSL.

#include <cstddef>
#include <string>
#include <string_view>

#include "compiler/status.h"

namespace clawform {

// Lower-case hex SHA-256 of `data` (service files and other non-secrets).
std::string sha256_hex(std::string_view data);

// Lower-case hex SHA-256 of the file at `path`, read in pieces (a backup
// archive may be larger than memory); an error names the path and the call.
Result<std::string> sha256_file(const std::string& path);

// `bytes` random bytes from OpenSSL's generator, in lower-case hex: a
// throwaway token (a restore drill's scratch gateway), never a kept secret.
Result<std::string> random_hex(std::size_t bytes);

// Lower-case hex HMAC-SHA256 of `value` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view value);

// The host's digest key: 32 random bytes in `clawform_dir`/digest.key (0600,
// in a 0700 directory), created on first use. An error when it can neither
// be read nor created.
Result<std::string> load_or_create_digest_key(const std::string& clawform_dir);

}  // namespace clawform
