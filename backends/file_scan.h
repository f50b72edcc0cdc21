#pragma once
// Reading the filesystem side of an instance: paths (type, mode, owner),
// key files (names and keyed digests of values, never the values) and
// service files (a digest of their content). Read-only.

#include <map>
#include <string>
#include <string_view>

#include "compiler/host.h"
#include "compiler/live_state.h"

namespace clawform {

// lstat of `path`; exists=false when it is absent.
PathState stat_path(const std::string& path);

// NAME=VALUE lines of a dotenv key file ("export " prefixes, '#' comments
// and single or double quotes around values allowed), in file order; later
// duplicates win, as in OpenClaw's loader.
std::map<std::string, std::string> parse_dotenv(std::string_view text);

// The secrets dir and key file; each value is replaced by
// hmac_sha256_hex(digest_key, value) before it leaves this function. A key
// file that exists but cannot be read sets `error` (its digests stay empty).
SecretsState scan_secrets(Host& host, const std::string& dir, const std::string& key_file,
                          std::string_view digest_key, std::string& error);

// The same for a service file: `error` is set when it exists but cannot be read.
ServiceState scan_service(Host& host, const std::string& manager, const std::string& name,
                          const std::string& path, std::string& error);

}  // namespace clawform
