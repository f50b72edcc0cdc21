// The saved plan reader (`clawform show`, `apply PLAN`, and `recover`,
// which reads the journal's copy): bytes -> PlanFile, then what show and
// apply do next with it: render it (text and Markdown), write it back, and
// bind its steps to the manifest it carries.
#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/instance_layout.h"
#include "compiler/plan_binding.h"
#include "compiler/plan_file.h"
#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"
#include "fuzz/fuzz_check.h"
#include "schema/validate.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  clawform::Result<clawform::PlanFile> read = clawform::read_plan_file(bytes);
  if (!read) {
    FUZZ_REQUIRE(!read.message().empty(), "a refused plan says why");
    return 0;
  }
  clawform::PlanFile& file = *read;
  (void)clawform::render_plan_text(file.plan, /*color=*/true);
  (void)clawform::render_plan_markdown(file.plan, {.full_plan = "plan.json", .limit = 4096});

  // What was read can be written, and what was written reads back the same.
  const std::string written = clawform::plan_file_bytes(file);
  clawform::Result<clawform::PlanFile> again = clawform::read_plan_file(written);
  FUZZ_REQUIRE(again.is_ok(), again ? "" : again.message().c_str());
  FUZZ_REQUIRE(clawform::plan_file_bytes(*again) == written, "a plan file round-trips");

  clawform::FileValidation manifest =
      clawform::validate_text(file.manifest_path, file.manifest_content, /*strict=*/false);
  if (manifest.diagnostics.has_errors() || !manifest.manifest) return 0;
  const clawform::HostPaths paths = clawform::host_paths(manifest.manifest->host.os, "/fuzz-root", "/home/operator");
  clawform::Status bound = clawform::bind_instances(file.plan, *manifest.manifest, paths);
  FUZZ_REQUIRE(bound || !bound.message().empty(), "a step that cannot be bound says why");
  return 0;
}
