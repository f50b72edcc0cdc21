// The lock file's text read back (backends/host_lock.h parse_lock_owner):
// fields of another type are left empty instead of throwing out of
// clawform (found by fuzz/journal_fuzz.cc: {"pid":"4242","host":7} aborted).
#include <doctest/doctest.h>

#include "backends/host_lock.h"

namespace clawform {
namespace {

TEST_CASE("lock owner: the holder a lock file names") {
  LockOwner owner = parse_lock_owner(
      R"({"pid":4242,"host":"mini-sg-02","started":"2026-11-30T14:00:00Z","command":"apply"})");
  CHECK(owner.describe() == "clawform apply (pid 4242 on host mini-sg-02, since 2026-11-30T14:00:00Z)");
}

TEST_CASE("lock owner: a damaged lock file gives an owner with what could be read") {
  LockOwner owner = parse_lock_owner(R"({"pid":"4242","host":7,"started":"t","command":["apply"]})");
  CHECK(owner.pid == 0);
  CHECK(owner.host == "");
  CHECK(owner.started == "t");
  CHECK(owner.command == "");
  CHECK(parse_lock_owner("not json").pid == 0);
  CHECK(parse_lock_owner(R"({"pid":1e99})").pid == 0);
}

}  // namespace
}  // namespace clawform
