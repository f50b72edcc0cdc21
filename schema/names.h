#pragma once
// The shapes of names and versions a manifest may hold. Hand-written
// matchers (no std::regex: the validator runs over 10,000-project manifests);
// each documents the regular expression that vocabulary.cc puts in the JSON
// Schema, and tests check the two agree.

#include <string_view>

namespace clawform {

// [a-z][a-z0-9-]{0,31}
bool is_project_name(std::string_view s);
// [a-z0-9][a-z0-9-]{0,62}
bool is_fleet_name(std::string_view s);
// [a-z_][a-z0-9_-]{0,31}  (a POSIX login name)
bool is_user_name(std::string_view s);
// [A-Z][A-Z0-9_]{0,127}  (OpenClaw's SecretRef id for env and store sources)
bool is_key_name(std::string_view s);
// [A-Za-z_][A-Za-z0-9_]{0,127}
bool is_env_var_name(std::string_view s);
// An npm package name: (@scope/)?name, lower case, [a-z0-9._~-], at most 214 chars.
bool is_npm_package(std::string_view s);
// An exact SemVer 2.0 version: MAJOR.MINOR.PATCH(-PRERELEASE)?(+BUILD)?, no
// leading "v", no range operators, wildcards or tags.
bool is_exact_version(std::string_view s);
// An exact version with a prerelease part (2.0.0-beta.3).
bool is_prerelease(std::string_view s);
// Semver 2.0 precedence of two exact versions (is_exact_version): <0, 0 or
// >0. MAJOR.MINOR.PATCH numerically, then a prerelease before its release,
// prerelease identifiers one by one (numeric ones numerically and before
// alphanumeric ones); build metadata is ignored.
int compare_versions(std::string_view a, std::string_view b);
// An absolute path or one under ~/, with no ".." component.
bool is_workspace_path(std::string_view s);
// provider/model, each part non-empty, no spaces.
bool is_model_ref(std::string_view s);
// An age X25519 recipient: "age1" and the bech32 (BIP 173) encoding of 32
// bytes under the human-readable part "age", lower case, checksum verified
// (what `age-keygen -y` prints). ssh and plugin recipients are not.
bool is_age_recipient(std::string_view s);
// Text that starts like an age identity ("AGE-SECRET-KEY-1", any case): a
// private key pasted where a recipient belongs.
bool is_age_identity(std::string_view s);

}  // namespace clawform
