#pragma once
// The manifest's semantic rules (design.md §3), one function per rule ID,
// run over a decoded Manifest. Every ID the validator can report, structural
// or semantic, is listed in lint_catalog() and documented in docs/lints.md.

#include <span>
#include <string_view>

#include "schema/diagnostic.h"
#include "schema/model.h"

namespace clawform {

struct LintInfo {
  std::string_view id;
  Severity severity;
  std::string_view summary;
};

// Every diagnostic ID of `clawform validate`, in documentation order.
std::span<const LintInfo> lint_catalog();

// Runs every semantic rule. Values the decoder found invalid are absent from
// `manifest` and are not reported again.
void lint_manifest(const Manifest& manifest, Diagnostics& diagnostics);

// The most projects a host with `memory_gb` of memory should run.
int recommended_project_limit(int memory_gb);

}  // namespace clawform
