#include "compiler/project_filter.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

std::vector<std::string> normalized_projects(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

Result<Manifest> select_projects(const Manifest& manifest, const std::vector<std::string>& names) {
  if (manifest.topology == Topology::A)
    return Status::error(fmt::format("--project: {} is topology A, whose one gateway serves every project; "
                                     "a project alone can be planned in topology B or C",
                                     manifest.path));
  auto named = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
  std::vector<std::string> known;
  for (const Project& p : manifest.projects) known.push_back(p.name);
  for (const Removal& r : manifest.remove_projects) known.push_back(r.name);
  for (const std::string& name : names)
    if (std::find(known.begin(), known.end(), name) == known.end())
      return Status::error(fmt::format("--project {}: {} has no project {} (its projects: {})", name, manifest.path,
                                       name, fmt::join(known, ", ")));
  Manifest selected = manifest;
  std::erase_if(selected.projects, [&](const Project& p) { return !named(p.name); });
  std::erase_if(selected.remove_projects, [&](const Removal& r) { return !named(r.name); });
  return selected;
}

}  // namespace clawform
