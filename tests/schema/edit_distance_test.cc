#include <doctest/doctest.h>

#include <array>

#include "schema/edit_distance.h"

namespace clawform {
namespace {

TEST_CASE("edit distance counts inserts - deletes - substitutions and adjacent swaps") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("port", "port") == 0);
  CHECK(edit_distance("port", "ports") == 1);
  CHECK(edit_distance("prots", "ports") == 1);
  CHECK(edit_distance("modle", "model") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
}

TEST_CASE("closest_match suggests only plausible typos") {
  constexpr std::array<std::string_view, 4> keys = {"port", "user", "model", "plugins"};
  CHECK(closest_match("prot", keys) == std::optional<std::string_view>("port"));
  CHECK(closest_match("plugin", keys) == std::optional<std::string_view>("plugins"));
  CHECK(closest_match("mdoel", keys) == std::optional<std::string_view>("model"));
  CHECK_FALSE(closest_match("region", keys).has_value());
  CHECK_FALSE(closest_match("x", keys).has_value());
}

}  // namespace
}  // namespace clawform
