// openclaw.json as discovery and the config step read it
// (backends/openclaw_parse.h parse_openclaw_config): JSON with // and /* */
// comments, reduced to the values clawform manages.
#include <cstdint>
#include <string_view>

#include "backends/openclaw_parse.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  clawform::Result<clawform::ConfigState> config = clawform::parse_openclaw_config(text);
  FUZZ_REQUIRE(config || !config.message().empty(), "an unreadable openclaw.json says why");
  return 0;
}
