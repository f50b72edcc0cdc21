// The manifest loader and validator (`clawform validate`, and apply reading
// a plan's copy of the manifest): YAML -> tree -> decoder -> lints, then the
// report the operator reads (text with carets, and JSON). A manifest that
// validates is also laid out on the host, as plan would next.
#include <cstdint>
#include <string>

#include "compiler/instance_layout.h"
#include "fuzz/fuzz_check.h"
#include "schema/diagnostic_json.h"
#include "schema/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  clawform::FileValidation validation = clawform::validate_text("fleet.yaml", text, /*strict=*/false);
  const std::string report = clawform::render_validation_text(validation);
  FUZZ_REQUIRE(report.find("fleet.yaml") != std::string::npos, "the report names the file");
  (void)clawform::diagnostics_to_json(validation.diagnostics).dump();
  if (validation.diagnostics.has_errors()) return 0;
  FUZZ_REQUIRE(validation.manifest.has_value(), "a manifest without errors is usable");
  const clawform::HostPaths paths =
      clawform::host_paths(validation.manifest->host.os, "/fuzz-root", "/home/operator");
  (void)clawform::layout_instances(*validation.manifest, paths);
  (void)clawform::removal_layouts(*validation.manifest, paths);
  return 0;
}
