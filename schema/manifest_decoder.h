#pragma once
// Decoding: a parsed YAML tree -> the typed Manifest, checking structure
// against schema/vocabulary.h: unknown keys (with "did you mean"), missing
// required keys, wrong types, values outside an enumeration, bad names.
//
// Reports every problem it finds and still returns the best Manifest it
// could build: a key that was written but invalid keeps its location and
// loses its value, so lints can tell "absent" from "invalid" and not report
// the same problem twice. Semantic rules live in schema/lints.h.

#include "schema/diagnostic.h"
#include "schema/model.h"
#include "schema/source_file.h"
#include "schema/yaml_tree.h"

namespace clawform {

Manifest decode_manifest(const YamlDocument& document, const SourceFile& file,
                         Diagnostics& diagnostics);

}  // namespace clawform
