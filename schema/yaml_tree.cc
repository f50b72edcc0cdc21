#include "schema/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

namespace clawform {

namespace {

// Thrown to stop parsing; caught in parse_yaml.
struct StopParsing {
  std::string id;
  std::string message;
  SourceLocation location;
};

// Turns libyaml's marks (0-based, counting characters, breaking lines at
// \r and Unicode breaks too) into the positions diagnostics print: 1-based
// lines broken at '\n' only, 1-based columns counting bytes after any BOM,
// and column 1 at the end of the text. Cheap when asked in increasing
// order, as parser events are.
class Positions {
 public:
  explicit Positions(std::string_view text)
      : text_(text),
        bom_(text.starts_with("\xEF\xBB\xBF") ? 3 : 0),
        ascii_(std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {}

  std::size_t offset_of(const yaml_mark_t& mark) {
    if (ascii_) return std::min(mark.index, text_.size());
    if (mark.index < char_index_) char_index_ = 0, char_offset_ = 0;
    for (; char_index_ < mark.index && char_offset_ < text_.size(); ++char_index_) {
      ++char_offset_;
      while (char_offset_ < text_.size() && (static_cast<unsigned char>(text_[char_offset_]) & 0xC0) == 0x80)
        ++char_offset_;
    }
    return char_offset_;
  }

  SourceLocation location_of(std::size_t offset) {
    offset = std::min(offset, text_.size());
    if (offset < line_offset_) line_offset_ = 0, line_ = 1, line_start_ = bom_;
    for (; line_offset_ < offset; ++line_offset_)
      if (text_[line_offset_] == '\n') ++line_, line_start_ = line_offset_ + 1;
    if (offset == text_.size() || offset < line_start_) return {line_, 1};
    return {line_, static_cast<int>(offset - line_start_) + 1};
  }
  SourceLocation location_of(const yaml_mark_t& mark) { return location_of(offset_of(mark)); }

  // Where the next token after `mark` starts: past blanks, line breaks and
  // comments. An empty node is placed there.
  SourceLocation next_token(const yaml_mark_t& mark) {
    std::size_t at = offset_of(mark);
    while (at < text_.size()) {
      char c = text_[at];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++at;
      } else if (c == '#') {
        while (at < text_.size() && text_[at] != '\n') ++at;
      } else {
        break;
      }
    }
    return location_of(at);
  }

 private:
  std::string_view text_;
  std::size_t bom_;
  bool ascii_;
  std::size_t char_index_ = 0, char_offset_ = 0;   // a character index and its byte offset
  std::size_t line_offset_ = 0, line_start_ = bom_;  // a byte offset, the start of its line
  int line_ = 1;                                     // and its line
};

// libyaml's own words, and where the construct it was reading began:
// "did not find expected ',' or ']' while parsing a flow sequence that
// starts at line 15".
std::string syntax_message(const yaml_parser_t& parser, Positions& positions) {
  std::string message = parser.problem ? parser.problem : "unreadable YAML";
  if (parser.context)
    message += fmt::format(" {} that starts at line {}", parser.context, positions.location_of(parser.context_mark).line);
  return message;
}

// libyaml's event stream; every error is thrown as a StopParsing.
class Events {
 public:
  Events(const std::string& text, Positions& positions) : positions_(positions) {
    if (!yaml_parser_initialize(&parser_)) throw StopParsing{"yaml-syntax", "out of memory", {}};
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
  }
  ~Events() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;

  // The next event; valid until the next call.
  const yaml_event_t& next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    if (!has_event_) {
      bool marked = parser_.error == YAML_SCANNER_ERROR || parser_.error == YAML_PARSER_ERROR;
      throw StopParsing{"yaml-syntax", syntax_message(parser_, positions_),
                        marked ? positions_.location_of(parser_.problem_mark)
                               : positions_.location_of(parser_.problem_offset)};
    }
    return event_;
  }

 private:
  Positions& positions_;
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
};

std::string_view text_of(const yaml_char_t* text) {
  return text ? reinterpret_cast<const char*>(text) : "";
}

// Plain scalars YAML reads as null.
bool is_null_text(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// Builds the YamlNode tree of one document from libyaml's events.
class TreeBuilder {
 public:
  TreeBuilder(YamlDocument& document, Diagnostics& diagnostics, const std::string& file, Positions& positions)
      : document_(document), diagnostics_(diagnostics), file_(file), positions_(positions) {}

  // Reads the next document. False at the end of the stream.
  bool read_document(Events& events) {
    for (;;) {
      const yaml_event_t& e = events.next();
      if (e.type == YAML_STREAM_END_EVENT) return false;
      if (e.type == YAML_DOCUMENT_START_EVENT) break;
    }
    for (;;) {
      const yaml_event_t& e = events.next();
      if (e.type == YAML_DOCUMENT_END_EVENT) return true;
      on_event(e);
    }
  }

  const YamlNode* root() const { return root_; }

 private:
  // A map indexes its keys once it has this many: below, a scan is cheaper.
  static constexpr std::size_t kIndexKeysFrom = 16;
  // Nodes are allocated this many at a time.
  static constexpr std::size_t kNodesPerBlock = 4096;

  // An open collection. Its children gather here and move to the node, in
  // one allocation of the right size, when it closes; frames are reused
  // depth by depth, so these vectors keep their capacity.
  struct Frame {
    YamlNode* node = nullptr;
    bool anchored = false;
    std::size_t weight = 1;  // nodes in this subtree, aliases expanded
    const YamlNode* pending_key = nullptr;
    std::vector<const YamlNode*> items;
    std::vector<std::pair<const YamlNode*, const YamlNode*>> entries;
    std::unordered_map<std::string_view, SourceLocation> keys;  // large maps only
  };

  void on_event(const yaml_event_t& e) {
    switch (e.type) {
      case YAML_ALIAS_EVENT: on_alias(e); break;
      case YAML_SCALAR_EVENT: on_scalar(e); break;
      case YAML_SEQUENCE_START_EVENT:
        open(e.start_mark, YamlNode::Kind::Sequence, e.data.sequence_start.anchor);
        break;
      case YAML_MAPPING_START_EVENT: open(e.start_mark, YamlNode::Kind::Map, e.data.mapping_start.anchor); break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: close(); break;
      default: break;
    }
  }

  void on_scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    const bool quoted = s.tag != nullptr || s.style != YAML_PLAIN_SCALAR_STYLE;
    if (!quoted && is_null_text(value)) {
      // An empty node is where the next token starts; libyaml puts it
      // where the previous one ends.
      bool empty = value.empty() && s.anchor == nullptr;
      SourceLocation at = empty ? positions_.next_token(e.start_mark) : positions_.location_of(e.start_mark);
      attach(make(YamlNode::Kind::Null, at, s.anchor), 1);
      return;
    }
    YamlNode* node = make(YamlNode::Kind::Scalar, positions_.location_of(e.start_mark), s.anchor);
    node->scalar = value;
    node->quoted = quoted;
    attach(node, 1);
  }

  void on_alias(const yaml_event_t& e) {
    SourceLocation at = positions_.location_of(e.start_mark);
    auto found = anchors_.find(std::string(text_of(e.data.alias.anchor)));
    if (found == anchors_.end()) throw StopParsing{"yaml-syntax", "the referenced anchor is not defined", at};
    const YamlNode* target = found->second;
    bool inside_target =
        std::any_of(stack_.begin(), stack_.begin() + depth_, [&](const Frame& f) { return f.node == target; });
    if (inside_target)
      throw StopParsing{"yaml-alias-limit", "an alias may not refer to a node that contains it", at};
    std::size_t weight = anchored_weight_[target];
    alias_expansion_ += weight;
    if (alias_expansion_ > kMaxAliasExpansion)
      throw StopParsing{"yaml-alias-limit",
                        fmt::format("aliases expand to more than {} nodes (an alias bomb?)", kMaxAliasExpansion), at};
    attach(target, weight);
  }

  YamlNode* make(YamlNode::Kind kind, SourceLocation location, const yaml_char_t* anchor) {
    std::vector<std::vector<YamlNode>>& blocks = document_.node_blocks;
    if (blocks.empty() || blocks.back().size() == blocks.back().capacity()) blocks.emplace_back().reserve(kNodesPerBlock);
    YamlNode& node = blocks.back().emplace_back();
    node.kind = kind;
    node.location = location;
    if (anchor) {
      anchors_[std::string(text_of(anchor))] = &node;
      anchored_weight_[&node] = 1;
    }
    return &node;
  }

  void open(const yaml_mark_t& mark, YamlNode::Kind kind, const yaml_char_t* anchor) {
    YamlNode* node = make(kind, positions_.location_of(mark), anchor);
    if (depth_ >= static_cast<std::size_t>(kMaxYamlDepth))
      throw StopParsing{"yaml-depth-limit", fmt::format("nesting is deeper than {} levels", kMaxYamlDepth),
                        node->location};
    attach(node, 0);  // its weight is added to the parent when it closes
    if (depth_ == stack_.size()) stack_.emplace_back();
    Frame& frame = stack_[depth_++];
    frame.node = node;
    frame.anchored = anchor != nullptr;
    frame.weight = 1;
    frame.pending_key = nullptr;
  }

  void close() {
    Frame& frame = stack_[--depth_];
    frame.node->items.assign(frame.items.begin(), frame.items.end());
    frame.node->entries.assign(frame.entries.begin(), frame.entries.end());
    frame.items.clear();
    frame.entries.clear();
    frame.keys.clear();
    if (frame.anchored) anchored_weight_[frame.node] = frame.weight;
    if (depth_ > 0) stack_[depth_ - 1].weight += frame.weight;
  }

  // Adds `node` as the next child of the innermost open collection.
  void attach(const YamlNode* node, std::size_t weight) {
    if (depth_ == 0) {
      root_ = node;
      return;
    }
    Frame& frame = stack_[depth_ - 1];
    frame.weight += weight;
    if (frame.node->is_sequence()) {
      frame.items.push_back(node);
      return;
    }
    if (frame.pending_key == nullptr) {
      if (!node->is_scalar() && !node->is_null())
        throw StopParsing{"wrong-type", "a mapping key must be a plain string, not " + describe_yaml_kind(*node),
                          node->location};
      if (const SourceLocation* first = first_key(frame, *node))
        diagnostics_.error("yaml-duplicate-key", file_, node->location,
                           fmt::format("duplicate key \"{}\" (first defined at line {})", node->scalar, first->line));
      frame.pending_key = node;
      return;
    }
    frame.entries.emplace_back(frame.pending_key, node);
    frame.pending_key = nullptr;
    if (frame.entries.size() >= kIndexKeysFrom) index_key(frame, *frame.entries.back().first);
  }

  // Where the map being built first has `key`, if it does.
  static const SourceLocation* first_key(const Frame& frame, const YamlNode& key) {
    if (!frame.keys.empty()) {
      auto found = frame.keys.find(key.scalar);
      return found == frame.keys.end() ? nullptr : &found->second;
    }
    for (const auto& [k, v] : frame.entries)
      if (k->scalar == key.scalar) return &k->location;
    return nullptr;
  }

  // Keeps the first position of each key once the map is large.
  static void index_key(Frame& frame, const YamlNode& key) {
    if (frame.keys.empty())
      for (const auto& [k, v] : frame.entries) frame.keys.try_emplace(k->scalar, k->location);
    else
      frame.keys.try_emplace(key.scalar, key.location);
  }

  YamlDocument& document_;
  Diagnostics& diagnostics_;
  const std::string& file_;
  Positions& positions_;
  std::vector<Frame> stack_;  // the open collections are the first depth_
  std::size_t depth_ = 0;
  std::unordered_map<std::string, const YamlNode*> anchors_;
  std::unordered_map<const YamlNode*, std::size_t> anchored_weight_;
  std::size_t alias_expansion_ = 0;
  const YamlNode* root_ = nullptr;
};

}  // namespace

std::optional<YamlDocument> parse_yaml(const SourceFile& file, Diagnostics& diagnostics) {
  YamlDocument document;
  Positions positions(file.text);
  try {
    Events events(file.text, positions);
    TreeBuilder builder(document, diagnostics, file.path, positions);
    if (!builder.read_document(events) || builder.root() == nullptr) {
      diagnostics.error("file-empty", file.path, {}, "holds no YAML document");
      return std::nullopt;
    }
    document.root = builder.root();
    TreeBuilder rest(document, diagnostics, file.path, positions);
    if (rest.read_document(events) && rest.root() != nullptr) {
      diagnostics.error("yaml-syntax", file.path, rest.root()->location,
                        "a manifest is one YAML document; remove the second one");
      return std::nullopt;
    }
  } catch (const StopParsing& stop) {
    diagnostics.error(stop.id, file.path, stop.location, stop.message);
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
