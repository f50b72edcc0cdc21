#include <doctest/doctest.h>

#include "schema/yaml_tree.h"

namespace clawform {
namespace {

struct Parsed {
  Diagnostics diagnostics;
  std::optional<YamlDocument> document;
};

Parsed parse(std::string text) {
  Parsed p;
  p.document = parse_yaml(SourceFile{"t.yaml", std::move(text)}, p.diagnostics);
  return p;
}

std::string first_message(const Parsed& p) {
  if (p.diagnostics.items().empty()) return "";
  const Diagnostic& d = p.diagnostics.items().front();
  return d.id + " " + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + " " + d.message;
}

TEST_CASE("nodes keep 1-based positions - quoting and source order") {
  Parsed p = parse("b: 1\na:\n  - \"2\"\n  - x\n");
  REQUIRE(p.document);
  const YamlNode& root = *p.document->root;
  REQUIRE(root.is_map());
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].first->scalar == "b");
  CHECK(root.entries[0].second->location == SourceLocation{1, 4});
  CHECK_FALSE(root.entries[0].second->quoted);
  const YamlNode& list = *root.entries[1].second;
  REQUIRE(list.is_sequence());
  CHECK(list.items[0]->quoted);
  CHECK(list.items[0]->location == SourceLocation{3, 5});
  CHECK(describe_yaml_kind(*list.items[0]) == "a string");
  CHECK(describe_yaml_kind(*root.entries[0].second) == "an integer");
}

TEST_CASE("a duplicate key is an error naming both lines - and parsing goes on") {
  Parsed p = parse("a: 1\nb: 2\na: 3\n");
  REQUIRE(p.document);
  CHECK(first_message(p) == "yaml-duplicate-key 3:1 duplicate key \"a\" (first defined at line 1)");
  CHECK(p.document->root->entries.size() == 3);
}

TEST_CASE("syntax errors carry the parser's position") {
  Parsed p = parse("a: [1, 2\nb: 3\n");
  CHECK_FALSE(p.document);
  CHECK(p.diagnostics.items().at(0).id == "yaml-syntax");
}

TEST_CASE("a second document is refused") {
  Parsed p = parse("a: 1\n---\nb: 2\n");
  CHECK_FALSE(p.document);
  CHECK(first_message(p) == "yaml-syntax 3:1 a manifest is one YAML document; remove the second one");
}

TEST_CASE("aliases share nodes - a recursive alias is refused") {
  Parsed ok = parse("x: &a {k: v}\ny: *a\n");
  REQUIRE(ok.document);
  CHECK(ok.document->root->entries[0].second == ok.document->root->entries[1].second);
  Parsed bad = parse("x: &a [1, *a]\n");
  CHECK_FALSE(bad.document);
  CHECK(first_message(bad) == "yaml-alias-limit 1:11 an alias may not refer to a node that contains it");
}

}  // namespace
}  // namespace clawform
