#pragma once
// The manifest's vocabulary: every object, its keys, their types, defaults,
// examples and descriptions, in one table. The decoder checks keys against
// it (unknown keys, "did you mean", required keys), `clawform schema` turns
// it into JSON Schema, and docs/manifest.md's reference is generated from it.

#include <span>
#include <string_view>
#include <vector>

namespace clawform {

enum class FieldType {
  String,     // any scalar, kept as text; `pattern` when the shape is fixed
  Integer,    // a plain integer scalar, within [minimum, maximum]
  Boolean,    // true | false
  Enum,       // one of `values`
  Object,     // a mapping described by the ObjectSpec named `object`
  MapOf,      // a mapping from names (`key_pattern`) to `object` values
  PortRange,  // "FIRST-LAST" or a single port
  PluginPin,  // "VERSION" or a `plugin` object
  KeyRef,     // a `key_ref` object (where a secret lives)
  StringList, // a list of distinct strings, each matching `pattern`
};

struct FieldSpec {
  std::string_view key;
  FieldType type;
  std::string_view description;
  bool required = false;
  std::string_view default_value = {};  // as shown in docs; empty: no default
  std::string_view example = {};        // YAML text
  std::vector<std::string_view> values = {};  // Enum
  std::string_view pattern = {};              // String: an ECMA-262 regex
  std::string_view object = {};               // Object / MapOf / PluginPin / KeyRef
  std::string_view key_pattern = {};          // MapOf: the regex keys match
  long minimum = 0, maximum = 0;              // Integer (both 0: unbounded); StringList: minimum entries
};

struct ObjectSpec {
  std::string_view name;  // "manifest", "host", "project", ...
  std::string_view description;
  std::vector<FieldSpec> fields;

  const FieldSpec* field(std::string_view key) const;
  std::vector<std::string_view> keys() const;
};

// Every object of the manifest, the root ("manifest") first.
std::span<const ObjectSpec> object_specs();
// The object named `name`; it must exist.
const ObjectSpec& object_spec(std::string_view name);

// Regular expressions of the name shapes (ECMA-262, for JSON Schema); the
// matchers in schema/names.h implement the same languages.
namespace patterns {
inline constexpr std::string_view kProjectName = "^[a-z][a-z0-9-]{0,31}$";
inline constexpr std::string_view kFleetName = "^[a-z0-9][a-z0-9-]{0,62}$";
inline constexpr std::string_view kUserName = "^[a-z_][a-z0-9_-]{0,31}$";
inline constexpr std::string_view kKeyName = "^[A-Z][A-Z0-9_]{0,127}$";
inline constexpr std::string_view kEnvVarName = "^[A-Za-z_][A-Za-z0-9_]{0,127}$";
inline constexpr std::string_view kNpmPackage =
    "^(@[a-z0-9~-][a-z0-9._~-]*/)?[a-z0-9~-][a-z0-9._~-]*$";
inline constexpr std::string_view kExactVersion =
    "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
    "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$";
inline constexpr std::string_view kModelRef = "^[^/\\s]+/\\S+$";
inline constexpr std::string_view kWorkspace = "^(/|~/)(?!(.*/)?\\.\\.(/|$))";
inline constexpr std::string_view kPortRange = "^[0-9]{1,5}(-[0-9]{1,5})?$";
// The shape of an age X25519 recipient (is_age_recipient also checks its checksum).
inline constexpr std::string_view kAgeRecipient = "^age1[02-9ac-hj-np-z]{58}$";
}  // namespace patterns

}  // namespace clawform
