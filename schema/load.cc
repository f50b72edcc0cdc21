#include "schema/load.h"

#include "schema/lints.h"
#include "schema/manifest_decoder.h"
#include "schema/yaml_tree.h"

namespace clawform {

LoadedManifest load_manifest(const std::string& path, Diagnostics& diagnostics) {
  LoadedManifest loaded;
  loaded.source = read_source_file(path, diagnostics);
  if (!loaded.source) return loaded;
  std::optional<YamlDocument> document = parse_yaml(*loaded.source, diagnostics);
  if (!document) return loaded;
  loaded.manifest = decode_manifest(*document, *loaded.source, diagnostics);
  lint_manifest(*loaded.manifest, diagnostics);
  return loaded;
}

}  // namespace clawform
