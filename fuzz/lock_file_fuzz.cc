// clawform.lock (schema/lock_file.h): TOML from the repository, read by
// plan. Whatever the bytes, the reader returns a lock or diagnostics, never
// both silently; what it accepts renders to a lock that reads back to the
// same entries, and rendering that is a fixed point.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_check.h"
#include "schema/lock_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  clawform::Diagnostics diagnostics;
  std::optional<clawform::LockFile> lock = clawform::parse_lock_file(text, "clawform.lock", diagnostics);
  if (!lock) {
    FUZZ_REQUIRE(diagnostics.has_errors(), "a refused lock says why");
    return 0;
  }
  const std::string rendered = clawform::render_lock_file(*lock);
  clawform::Diagnostics again;
  std::optional<clawform::LockFile> reread = clawform::parse_lock_file(rendered, "clawform.lock", again);
  FUZZ_REQUIRE(reread.has_value(), "what clawform renders it reads");
  FUZZ_REQUIRE(reread->packages.size() == lock->packages.size(), "a round trip keeps every entry");
  FUZZ_REQUIRE(clawform::render_lock_file(*reread) == rendered, "rendering is a fixed point");
  return 0;
}
