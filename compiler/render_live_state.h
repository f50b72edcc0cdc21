#pragma once
// The text view of `clawform discover`: a short table per instance.

#include <string>

#include "compiler/live_state.h"

namespace clawform {

std::string render_live_state_text(const LiveState& state);

}  // namespace clawform
