// What `clawform recover` reads after a crash (compiler/journal.h): the
// journal's records, folded into what was done and what to undo; and the
// lock file the crashed apply left (backends/host_lock.h), which names its
// holder. Both are fed every input.
#include <cstdint>
#include <string_view>

#include "backends/host_lock.h"
#include "compiler/journal.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  clawform::Result<clawform::JournalState> state = clawform::read_journal(text);
  if (!state) {
    FUZZ_REQUIRE(!state.message().empty(), "a damaged journal says why");
  } else {
    (void)state->to_undo();
    (void)state->first_not_done();
    (void)state->finished();
  }
  (void)clawform::parse_lock_owner(text).describe();
  return 0;
}
