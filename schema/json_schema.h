#pragma once
// `clawform schema`: the manifest's JSON Schema (draft 2020-12), generated
// from schema/vocabulary.h, for editors (yaml-language-server) and CI.

#include <string>

#include <nlohmann/json.hpp>

namespace clawform {

inline constexpr const char* kManifestSchemaId = "https://clawform.dev/schema/clawform-v1.json";

nlohmann::ordered_json manifest_json_schema();

// The field reference of docs/manifest.md, as Markdown tables, one per object.
std::string manifest_reference_markdown();

}  // namespace clawform
