#pragma once
// The manifest decoder's internals, shared by manifest_decoder.cc (the
// fleet, host, gateway and defaults) and project_decoder.cc (projects, their
// keys and plugins). Not for use outside schema/.

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "schema/diagnostic.h"
#include "schema/edit_distance.h"
#include "schema/manifest_decoder.h"
#include "schema/model.h"
#include "schema/names.h"
#include "schema/vocabulary.h"

namespace clawform::decoding {
inline std::string join_values(const std::vector<std::string_view>& values) {
  return fmt::format("{}", fmt::join(values, ", "));
}

class Decoder {
 public:
  Decoder(const SourceFile& file, Diagnostics& diagnostics) : file_(file), diagnostics_(diagnostics) {}

  Manifest decode(const YamlNode& root);

 private:
  // --- reporting ---------------------------------------------------------

  void error(std::string_view id, SourceLocation at, std::string message, bool redact = false);

  static std::string path_of(std::string_view where, std::string_view key);

  void wrong_type(const YamlNode& node, std::string_view path, std::string_view expected, bool redact = false);

  // --- structure ---------------------------------------------------------

  static const YamlNode* get(const YamlNode& map, std::string_view key);

  // Where `key` is written in `map` (where a missing key inside its value is reported).
  static SourceLocation key_location(const YamlNode& map, std::string_view key);

  // Checks that `node` is a mapping whose keys `spec` knows, and that every
  // required key is there. `where` is the dotted path for messages, `anchor`
  // where a missing key is reported. False when `node` is not a mapping.
  bool check_object(const YamlNode& node, const ObjectSpec& spec, std::string_view where, SourceLocation anchor,
                    bool redact = false);

  // --- scalars -----------------------------------------------------------

  std::optional<std::string> read_string(const YamlNode* node, std::string_view path);

  std::optional<long> read_integer(const YamlNode* node, std::string_view path, const FieldSpec& field);

  std::optional<bool> read_bool(const YamlNode* node, std::string_view path);

  // The index of the node's value in the field's enumeration.
  std::optional<std::size_t> read_enum(const YamlNode* node, const ObjectSpec& spec, std::string_view key,
                                       std::string_view where);

  // A list of distinct names, each accepted by `valid`.
  std::vector<Removal> read_removals(const YamlNode& node, const std::string& path, bool (*valid)(std::string_view),
                                     std::string_view what);

  // --- objects -----------------------------------------------------------

  HostSpec decode_host(const YamlNode& node, SourceLocation anchor);

  OpenClawPin decode_openclaw(const YamlNode& node, SourceLocation anchor);

  Gateway decode_gateway(const YamlNode& node, SourceLocation anchor);

  PortRange decode_port_range(const YamlNode& node);

  GatewayAuth decode_auth(const YamlNode& node, SourceLocation anchor);

  Defaults decode_defaults(const YamlNode& node, SourceLocation anchor);

  BackupSpec decode_backup(const YamlNode& node, SourceLocation anchor);

  // A key reference. Any problem inside one is reported with the source line
  // masked from the problem's column on: the operator may have pasted a value.
  std::optional<KeyRef> decode_key_ref(const YamlNode& node, const std::string& path);

  void decode_projects(const YamlNode& node, Manifest& m);

  Project decode_project(const YamlNode& key, const YamlNode& node, const Defaults& defaults);

  void decode_keys(const YamlNode& node, const std::string& where, Project& p);

  void decode_plugins(const YamlNode& node, const std::string& where, Project& p);

  const SourceFile& file_;
  Diagnostics& diagnostics_;
  // Unknown keys of the last check_object that were close to a known key.
  std::vector<std::pair<std::string_view, SourceLocation>> misspelt_;
};

}  // namespace clawform::decoding
