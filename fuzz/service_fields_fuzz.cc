// The service-file read-back (compiler/service_file_fields.h): a launchd
// plist or a systemd unit as the service step reads it back after writing
// it. The first byte picks the manager (even: launchd, odd: systemd), the
// rest is the file; what is read is then checked against a layout.
#include <cstdint>
#include <string>

#include "compiler/service_file_fields.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string manager = data[0] % 2 == 0 ? "launchd" : "systemd";
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  clawform::Result<clawform::ServiceFileFields> fields = clawform::read_service_fields(manager, text);
  FUZZ_REQUIRE(fields || !fields.message().empty(), "an unreadable service file says why");

  clawform::InstanceLayout layout;
  layout.instance = "alpha";
  layout.profile = "alpha";
  layout.port = 18789;
  layout.state_dir = "/home/operator/.openclaw-alpha";
  layout.service_manager = manager;
  clawform::Status checked = clawform::check_service_fields("/fuzz/service", text, layout);
  FUZZ_REQUIRE(checked || !checked.message().empty(), "a service file that differs says how");
  return 0;
}
