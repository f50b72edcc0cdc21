#pragma once
// Key values in a plan made offline (`plan --live-state`): no value is read,
// so each key's digest is "unchecked:" and a digest of where the value lives
// (its reference), never of a value. A key file whose names match the
// manifest's is then taken to hold the right values: that is checked when
// apply plans against the live host, which reads them.

#include <map>
#include <string>
#include <string_view>

#include "compiler/plan.h"

namespace clawform {

inline constexpr std::string_view kUncheckedDigestPrefix = "unchecked:";

bool is_unchecked_digest(std::string_view digest);

// Whether a key file's values differ from the desired ones: its names
// differ, or a known desired digest differs from the live one.
bool key_values_differ(const std::map<std::string, std::string>& live,
                       const std::map<std::string, std::string>& desired);

// Each unchecked key digest of `offline`'s steps replaced by the digest the
// same key has in the step of the same address in `live` (a plan of the
// live host), so that the two compare on everything the offline plan knew.
void fill_unchecked_key_digests(Plan& offline, const Plan& live);

}  // namespace clawform
