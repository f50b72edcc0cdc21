#include "schema/yaml_tree.h"

#include <algorithm>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

namespace clawform {

namespace {

SourceLocation location_of(const YAML::Mark& mark) {
  return {mark.line + 1, mark.column + 1};
}

// Thrown out of the event handler to stop parsing; caught in parse_yaml.
struct StopParsing {
  std::string id;
  std::string message;
  SourceLocation location;
};

// Builds the YamlNode tree from yaml-cpp's parser events.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(YamlDocument& document, Diagnostics& diagnostics, const std::string& file)
      : document_(document), diagnostics_(diagnostics), file_(file) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    attach(make(YamlNode::Kind::Null, mark, anchor), 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto found = anchors_.find(anchor);
    if (found == anchors_.end())
      throw StopParsing{"yaml-syntax", "alias to an unknown anchor", location_of(mark)};
    const YamlNode* target = found->second;
    bool inside_target = std::any_of(stack_.begin(), stack_.end(),
                                      [&](const Frame& f) { return f.node == target; });
    if (inside_target)
      throw StopParsing{"yaml-alias-limit", "an alias may not refer to a node that contains it",
                        location_of(mark)};
    std::size_t weight = anchored_weight_[target];
    alias_expansion_ += weight;
    if (alias_expansion_ > kMaxAliasExpansion)
      throw StopParsing{"yaml-alias-limit",
                        fmt::format("aliases expand to more than {} nodes (an alias bomb?)",
                                    kMaxAliasExpansion),
                        location_of(mark)};
    attach(target, weight);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode* node = make(YamlNode::Kind::Scalar, mark, anchor);
    node->scalar = value;
    node->quoted = tag != "?";
    attach(node, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(make(YamlNode::Kind::Sequence, mark, anchor), anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(make(YamlNode::Kind::Map, mark, anchor), anchor);
  }
  void OnMapEnd() override { close(); }

  const YamlNode* root() const { return root_; }

 private:
  struct Frame {
    YamlNode* node;
    YAML::anchor_t anchor;
    std::size_t weight = 1;  // nodes in this subtree, aliases expanded
    const YamlNode* pending_key = nullptr;
    std::unordered_map<std::string_view, SourceLocation> keys;  // Map frames only
  };

  YamlNode* make(YamlNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    YamlNode& node = document_.nodes.emplace_back();
    node.kind = kind;
    node.location = location_of(mark);
    if (anchor != YAML::NullAnchor) {
      anchors_[anchor] = &node;
      anchored_weight_[&node] = 1;
    }
    return &node;
  }

  void open(YamlNode* node, YAML::anchor_t anchor) {
    if (stack_.size() >= static_cast<std::size_t>(kMaxYamlDepth))
      throw StopParsing{"yaml-depth-limit",
                        fmt::format("nesting is deeper than {} levels", kMaxYamlDepth),
                        node->location};
    attach(node, 0);  // its weight is added to the parent when it closes
    stack_.push_back(Frame{node, anchor, 1, nullptr, {}});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.anchor != YAML::NullAnchor) anchored_weight_[frame.node] = frame.weight;
    if (!stack_.empty()) stack_.back().weight += frame.weight;
  }

  // Adds `node` as the next child of the innermost open collection.
  void attach(const YamlNode* node, std::size_t weight) {
    if (stack_.empty()) {
      root_ = node;
      return;
    }
    Frame& frame = stack_.back();
    frame.weight += weight;
    if (frame.node->is_sequence()) {
      frame.node->items.push_back(node);
      return;
    }
    if (frame.pending_key == nullptr) {
      if (!node->is_scalar() && !node->is_null())
        throw StopParsing{"wrong-type", "a mapping key must be a plain string, not " +
                                            describe_yaml_kind(*node),
                          node->location};
      auto [it, inserted] = frame.keys.try_emplace(node->scalar, node->location);
      if (!inserted)
        diagnostics_.error("yaml-duplicate-key", file_, node->location,
                           fmt::format("duplicate key \"{}\" (first defined at line {})",
                                       node->scalar, it->second.line));
      frame.pending_key = node;
      return;
    }
    frame.node->entries.emplace_back(frame.pending_key, node);
    frame.pending_key = nullptr;
  }

  YamlDocument& document_;
  Diagnostics& diagnostics_;
  const std::string& file_;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, const YamlNode*> anchors_;
  std::unordered_map<const YamlNode*, std::size_t> anchored_weight_;
  std::size_t alias_expansion_ = 0;
  const YamlNode* root_ = nullptr;
};

}  // namespace

std::optional<YamlDocument> parse_yaml(const SourceFile& file, Diagnostics& diagnostics) {
  YamlDocument document;
  std::istringstream stream(file.text);
  try {
    YAML::Parser parser(stream);
    TreeBuilder builder(document, diagnostics, file.path);
    if (!parser.HandleNextDocument(builder) || builder.root() == nullptr) {
      diagnostics.error("file-empty", file.path, {}, "holds no YAML document");
      return std::nullopt;
    }
    document.root = builder.root();
    TreeBuilder rest(document, diagnostics, file.path);
    if (parser.HandleNextDocument(rest) && rest.root() != nullptr) {
      diagnostics.error("yaml-syntax", file.path, rest.root()->location,
                        "a manifest is one YAML document; remove the second one");
      return std::nullopt;
    }
  } catch (const StopParsing& stop) {
    diagnostics.error(stop.id, file.path, stop.location, stop.message);
    return std::nullopt;
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error("yaml-depth-limit", file.path, location_of(e.mark),
                      fmt::format("nesting is deeper than {} levels", kMaxYamlDepth));
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    diagnostics.error("yaml-syntax", file.path, location_of(e.mark), e.msg);
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diagnostics.error("yaml-syntax", file.path, location_of(e.mark), e.msg);
    return std::nullopt;
  }
  return document;
}

std::string describe_yaml_kind(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::Null: return "null";
    case YamlNode::Kind::Sequence: return "a list";
    case YamlNode::Kind::Map: return "a mapping";
    case YamlNode::Kind::Scalar: break;
  }
  if (node.quoted) return "a string";
  const std::string& s = node.scalar;
  if (s == "true" || s == "false" || s == "True" || s == "False") return "a boolean";
  if (!s.empty() && std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(),
                                [](char c) { return c >= '0' && c <= '9'; }) &&
      s != "-")
    return "an integer";
  return "a string";
}

}  // namespace clawform
