#include "compiler/operations/checklist.h"

#include <algorithm>

#include <fmt/format.h>

namespace clawform {

namespace {

using json = nlohmann::json;

json inventory_json(const TreeInventory& inventory) {
  return {{"files", inventory.files}, {"bytes", inventory.bytes}, {"digest", inventory.digest}};
}

// Reads typed members of one object, remembering the first that is
// missing or of the wrong type: the error names it by its JSON path.
class FieldReader {
 public:
  FieldReader(const json& object, std::string path, std::string& error)
      : object_(object), path_(std::move(path)), error_(error) {
    if (!object_.is_object() && error_.empty()) error_ = fmt::format("{}: not an object", path_);
  }

  std::string text(const char* name) {
    const json* v = member(name);
    if (v && !v->is_string()) fail(name, "not a string");
    return v && v->is_string() ? v->get<std::string>() : std::string();
  }
  std::uint64_t count(const char* name) {
    const json* v = member(name);
    if (v && !v->is_number_unsigned()) fail(name, "not a non-negative integer");
    return v && v->is_number_unsigned() ? v->get<std::uint64_t>() : 0;
  }
  int port(const char* name) {
    const json* v = member(name);
    if (v && (!v->is_number_integer() || v->get<long long>() < 0 || v->get<long long>() > 65535))
      fail(name, "not a port number");
    return v && v->is_number_integer() ? static_cast<int>(std::clamp<long long>(v->get<long long>(), 0, 65535)) : 0;
  }
  const json* object(const char* name) {
    const json* v = member(name);
    if (v && !v->is_object()) fail(name, "not an object");
    return v && v->is_object() ? v : nullptr;
  }
  const json* array(const char* name) {
    const json* v = member(name);
    if (v && !v->is_array()) fail(name, "not an array");
    return v && v->is_array() ? v : nullptr;
  }
  std::string path(const char* name) const { return fmt::format("{}.{}", path_, name); }

 private:
  const json* member(const char* name) {
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(name);
    if (it == object_.end()) {
      fail(name, "missing");
      return nullptr;
    }
    return &*it;
  }
  void fail(const char* name, const char* why) {
    if (error_.empty()) error_ = fmt::format("{}.{}: {}", path_, name, why);
  }

  const json& object_;
  std::string path_;
  std::string& error_;
};

TreeInventory read_inventory(const json* object, const std::string& path, std::string& error) {
  TreeInventory inventory;
  if (!object) return inventory;
  FieldReader r(*object, path, error);
  inventory.files = r.count("files");
  inventory.bytes = r.count("bytes");
  inventory.digest = r.text("digest");
  return inventory;
}

std::string describe(const TreeInventory& inventory) {
  return fmt::format("{} files, {} bytes, digest {}", inventory.files, inventory.bytes,
                     inventory.digest.substr(0, 12));
}

// The comparable items of one project, in report order.
std::vector<std::pair<std::string, std::string>> items(const ProjectChecklist& p) {
  std::vector<std::pair<std::string, std::string>> out = {{"version", p.openclaw_version}};
  for (const auto& [id, state] : p.plugins) out.emplace_back("plugins." + id, state);
  out.emplace_back("health", p.health);
  out.emplace_back("startup", p.startup);
  out.emplace_back("ready", p.ready);
  out.emplace_back("port", std::to_string(p.port));
  out.emplace_back("service", p.service);
  out.emplace_back("workspace", describe(p.workspace));
  return out;
}

// Report order of items: the fixed ones where items() puts them, plugins
// by id between version and health.
int item_rank(const std::string& item) {
  static const std::vector<std::string> order = {"version", "plugins", "health", "startup",
                                                 "ready",   "port",    "service", "workspace"};
  const std::string head = item.substr(0, item.find('.'));
  auto it = std::find(order.begin(), order.end(), head);
  return static_cast<int>(it - order.begin());
}

bool matches(const std::string& pattern, const std::string& project, const std::string& item) {
  const auto dot = pattern.find('.');
  if (dot == std::string::npos) return false;
  const std::string want_project = pattern.substr(0, dot);
  const std::string want_item = pattern.substr(dot + 1);
  if (want_project != "*" && want_project != project) return false;
  return want_item == "*" || want_item == item || (want_item == "plugins" && item.starts_with("plugins."));
}

}  // namespace

nlohmann::json checklist_to_json(const Checklist& checklist) {
  json projects = json::array();
  for (const ProjectChecklist& p : checklist.projects) {
    json plugins = json::object();
    for (const auto& [id, state] : p.plugins) plugins[id] = state;
    projects.push_back({{"project", p.project},
                        {"instance", p.instance},
                        {"openclaw_version", p.openclaw_version},
                        {"plugins", plugins},
                        {"health", p.health},
                        {"startup", p.startup},
                        {"ready", p.ready},
                        {"port", p.port},
                        {"service", p.service},
                        {"workspace", inventory_json(p.workspace)},
                        {"state_bytes", p.state_bytes}});
  }
  return {{"kind", "clawform-checklist"},
          {"format", 1},
          {"captured_at", checklist.captured_at},
          {"label", checklist.label},
          {"projects", projects}};
}

Result<Checklist> checklist_from_json(const nlohmann::json& doc) {
  std::string error;
  Checklist checklist;
  FieldReader top(doc, "checklist", error);
  if (error.empty() && doc.value("kind", "") != "clawform-checklist")
    return Status::error("not a clawform checklist (its \"kind\" is not \"clawform-checklist\")");
  checklist.captured_at = top.text("captured_at");
  checklist.label = top.text("label");
  if (const json* projects = top.array("projects")) {
    for (std::size_t i = 0; i < projects->size() && error.empty(); ++i) {
      const std::string path = fmt::format("projects[{}]", i);
      FieldReader r((*projects)[i], path, error);
      ProjectChecklist p;
      p.project = r.text("project");
      p.instance = r.text("instance");
      p.openclaw_version = r.text("openclaw_version");
      if (const json* plugins = r.object("plugins"))
        for (const auto& [id, state] : plugins->items()) {
          if (!state.is_string() && error.empty()) error = fmt::format("{}.plugins.{}: not a string", path, id);
          if (state.is_string()) p.plugins[id] = state.get<std::string>();
        }
      p.health = r.text("health");
      p.startup = r.text("startup");
      p.ready = r.text("ready");
      p.port = r.port("port");
      p.service = r.text("service");
      p.workspace = read_inventory(r.object("workspace"), r.path("workspace"), error);
      p.state_bytes = r.count("state_bytes");
      checklist.projects.push_back(std::move(p));
    }
  }
  if (!error.empty()) return Status::error(error);
  return checklist;
}

std::vector<ChecklistDifference> compare_checklists(const Checklist& before, const Checklist& after,
                                                    const std::set<std::string>& expected) {
  auto find = [](const Checklist& c, const std::string& name) -> const ProjectChecklist* {
    for (const ProjectChecklist& p : c.projects)
      if (p.project == name) return &p;
    return nullptr;
  };
  std::vector<std::string> names;
  for (const ProjectChecklist& p : before.projects) names.push_back(p.project);
  for (const ProjectChecklist& p : after.projects)
    if (!find(before, p.project)) names.push_back(p.project);

  std::vector<ChecklistDifference> out;
  auto add = [&](const std::string& project, const std::string& item, std::string was, std::string is) {
    bool declared = std::any_of(expected.begin(), expected.end(),
                                [&](const std::string& pattern) { return matches(pattern, project, item); });
    out.push_back({project, item, std::move(was), std::move(is), declared});
  };
  for (const std::string& name : names) {
    const ProjectChecklist* a = find(before, name);
    const ProjectChecklist* b = find(after, name);
    if (!a || !b) {
      add(name, "project", a ? "present" : "(absent)", b ? "present" : "(absent)");
      continue;
    }
    std::map<std::string, std::pair<std::string, std::string>> both;
    for (auto& [item, value] : items(*a)) both[item].first = value;
    for (auto& [item, value] : items(*b)) both[item].second = value;
    std::vector<std::string> order;
    for (const auto& [item, values] : both) order.push_back(item);
    std::stable_sort(order.begin(), order.end(),
                     [](const std::string& x, const std::string& y) { return item_rank(x) < item_rank(y); });
    for (const std::string& item : order) {
      const bool plugin = item.starts_with("plugins.");
      const bool in_a = !plugin || a->plugins.contains(item.substr(8));
      const bool in_b = !plugin || b->plugins.contains(item.substr(8));
      const auto& [was, is] = both[item];
      if (in_a && in_b && was == is) continue;
      add(name, item, in_a ? was : "(absent)", in_b ? is : "(absent)");
    }
  }
  return out;
}

bool has_unexpected(const std::vector<ChecklistDifference>& differences) {
  return std::any_of(differences.begin(), differences.end(),
                     [](const ChecklistDifference& d) { return !d.expected; });
}

}  // namespace clawform
