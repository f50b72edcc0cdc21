#pragma once
// recover's first act: stopping the children an interrupted apply left
// running, before anything is undone (an orphaned `openclaw config patch`
// would otherwise write into a state dir the rollback just restored).

#include <chrono>
#include <string>
#include <vector>

#include "compiler/journal.h"
#include "compiler/status.h"

namespace clawform {

// For each child `state` records that may be an orphan
// (JournalState::orphan_if_alive) and still runs (same pid AND same start
// time; or, its leader gone, members of its group that started after it;
// or processes that carry its call mark, ChildProcess::mark, in another
// group): SIGTERM to them, SIGKILL after `grace`. Nothing else is
// signalled. Returns one line per child stopped, for the operator; an
// error naming the child when one survives SIGKILL.
Result<std::vector<std::string>> stop_orphans(const JournalState& state,
                                              std::chrono::milliseconds grace = std::chrono::milliseconds(5'000));

}  // namespace clawform
