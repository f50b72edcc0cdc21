#pragma once
// "Did you mean": the closest known word to a misspelt one.

#include <optional>
#include <span>
#include <string_view>

namespace clawform {

// Edit distance between `a` and `b`: insert, delete, substitute and swap two
// adjacent characters cost 1 each.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible
// typo: the word has at least 3 characters and the distance is at most a
// third of its length (at least 1).
std::optional<std::string_view> closest_match(std::string_view word,
                                              std::span<const std::string_view> candidates);

}  // namespace clawform
