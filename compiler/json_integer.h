#pragma once
// Integers read from documents that come from outside (a saved plan, the
// journal a crash left). nlohmann's get<int>() turns a float such as 1e99
// into an int with a static_cast, which is undefined behaviour (found by
// fuzz/journal_fuzz.cc); json_integer<T>() accepts only an integer that
// fits T, and otherwise throws like get<T>() does for other mismatches, so
// the readers' existing catch turns it into their error message.

#include <concepts>
#include <cstdint>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace clawform {

// Throws nlohmann::json::type_error (302) when `value` is not an integer
// (a float included), out_of_range (406) when it does not fit T.
template <std::integral T>
T json_integer(const nlohmann::json& value) {
  if (!value.is_number_integer())
    throw nlohmann::json::type_error::create(302, std::string("type must be an integer, but is ") + value.type_name(),
                                             &value);
  if (value.is_number_unsigned()) {
    if (const auto u = value.get<std::uint64_t>(); std::in_range<T>(u)) return static_cast<T>(u);
  } else if (const auto i = value.get<std::int64_t>(); std::in_range<T>(i)) {
    return static_cast<T>(i);
  }
  throw nlohmann::json::out_of_range::create(406, "integer " + value.dump() + " is out of range", &value);
}

}  // namespace clawform
