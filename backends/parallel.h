#pragma once
// A fixed pool for the few independent host calls a command makes (one per
// instance): discovery and the config preflight.

#include <cstddef>
#include <functional>

namespace clawform {

// Runs task(0) ... task(count - 1) on at most `jobs` threads (0: one per
// core), the calling thread among them, and returns when every task is done.
// Tasks run in no particular order and must not throw.
void run_parallel(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& task);

}  // namespace clawform
