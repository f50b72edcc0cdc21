#pragma once
// A YAML document as a tree that keeps what the manifest decoder needs: the
// position of every node (1-based line and byte column), whether a scalar
// was quoted, and every mapping entry in source order (so duplicates are seen).
//
// The only user of libyaml. Hostile input is bounded: nesting deeper than
// kMaxYamlDepth, aliases expanding past kMaxAliasExpansion nodes, recursive
// aliases and multi-document streams are reported as errors.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "schema/diagnostic.h"
#include "schema/source_file.h"

namespace clawform {

inline constexpr int kMaxYamlDepth = 64;
inline constexpr std::size_t kMaxAliasExpansion = 100'000;

struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Map };

  Kind kind = Kind::Null;
  bool quoted = false; // Scalar only: quoted or explicitly tagged, so always a string
  SourceLocation location;
  std::string scalar;  // Scalar only: the text, after YAML unescaping
  std::vector<const YamlNode*> items;                                 // Sequence
  std::vector<std::pair<const YamlNode*, const YamlNode*>> entries;   // Map, in order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }
};

struct YamlDocument {
  // Owns every node. A block never grows past the capacity it was given, so
  // pointers to nodes stay valid.
  std::vector<std::vector<YamlNode>> node_blocks;
  const YamlNode* root = nullptr;
};

// Parses `file.text`. Reports syntax errors and duplicate mapping keys to
// `diagnostics`; returns nullopt when no usable tree could be built.
// Duplicate keys are reported but kept, so decoding can go on.
std::optional<YamlDocument> parse_yaml(const SourceFile& file, Diagnostics& diagnostics);

// The YAML kind of `node` as an operator would name it: "a string", "a
// mapping", "a list", "null", "an integer", "a boolean".
std::string describe_yaml_kind(const YamlNode& node);

}  // namespace clawform
