#include "compiler/operations/restore_input.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/json_integer.h"

namespace clawform {

namespace {

using nlohmann::json;

// Reads fields of one JSON object, remembering the first problem with its
// path ("instances[0].files[1].sha256: not a string").
class Fields {
 public:
  Fields(const json& object, std::string where, std::string& error)
      : object_(object), where_(std::move(where)), error_(error) {
    if (!object_.is_object()) fail(where_.empty() ? "the index" : where_, "not an object");
  }

  std::string string(const char* name, bool required = true) {
    const json* v = find(name, required);
    if (!v) return {};
    if (!v->is_string()) return fail(path(name), "not a string"), std::string();
    return v->get<std::string>();
  }

  std::uint64_t unsigned_integer(const char* name) {
    const json* v = find(name, true);
    if (!v) return 0;
    try {
      return json_integer<std::uint64_t>(*v);
    } catch (const json::exception&) {
      fail(path(name), "not a non-negative integer");
      return 0;
    }
  }

  std::vector<std::string> strings(const char* name) {
    const json* v = find(name, true);
    std::vector<std::string> out;
    if (!v) return out;
    if (!v->is_array()) return fail(path(name), "not an array"), out;
    for (std::size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) return fail(fmt::format("{}[{}]", path(name), i), "not a string"), out;
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }

  // The array `name`; null (and the error set) when it is not one.
  const json* array(const char* name) {
    const json* v = find(name, true);
    if (v && !v->is_array()) return fail(path(name), "not an array"), nullptr;
    return v;
  }

  const json* optional(const char* name) const {
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(name);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string path(const std::string& name) const { return where_.empty() ? name : where_ + "." + name; }

  void fail(const std::string& at, const std::string& what) {
    if (error_.empty()) error_ = at + ": " + what;
  }

 private:
  const json* find(const char* name, bool required) {
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(name);
    if (it == object_.end()) {
      if (required) fail(path(name), "missing");
      return nullptr;
    }
    return &*it;
  }

  const json& object_;
  std::string where_;
  std::string& error_;
};

// Whether `path` stays inside the set's directory: relative, no "..", no
// empty part.
bool inside_set(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t begin = 0;
  while (begin <= path.size()) {
    std::size_t end = path.find('/', begin);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(begin, end - begin);
    if (part.empty() || part == "..") return false;
    begin = end + 1;
  }
  return true;
}

}  // namespace

const RestoreFile* RestoreInstance::file(const std::string& role) const {
  for (const RestoreFile& f : files)
    if (f.role == role) return &f;
  return nullptr;
}

Result<RestoreSet> restore_set_from_json(const json& index) {
  std::string error;
  Fields top(index, "", error);
  RestoreSet set;
  if (error.empty()) {
    if (const std::string kind = top.string("kind"); error.empty() && kind != "clawform-backup")
      top.fail("kind", fmt::format("\"{}\", not a clawform backup index (\"clawform-backup\")", kind));
    if (error.empty())
      if (const json* format = top.optional("format"); !format || *format != 1)
        top.fail("format", fmt::format("{}: this clawform reads format 1", format ? format->dump() : "missing"));
  }
  set.created_at = top.string("created_at");
  set.topology = top.string("topology");
  if (const json* checklist = top.optional("checklist"); checklist && error.empty()) {
    Result<Checklist> parsed = checklist_from_json(*checklist);
    if (!parsed) top.fail("checklist", parsed.message());
    else set.checklist = std::move(*parsed);
  }
  if (const json* instances = top.array("instances")) {
    for (std::size_t i = 0; i < instances->size() && error.empty(); ++i) {
      Fields in((*instances)[i], fmt::format("instances[{}]", i), error);
      RestoreInstance instance;
      instance.instance = in.string("instance");
      instance.projects = in.strings("projects");
      instance.openclaw_version = in.string("openclaw_version", /*required=*/false);
      instance.state_dir = in.string("state_dir");
      if (const json* files = in.array("files")) {
        for (std::size_t f = 0; f < files->size() && error.empty(); ++f) {
          Fields file((*files)[f], fmt::format("instances[{}].files[{}]", i, f), error);
          RestoreFile entry{.role = file.string("role"), .path = file.string("path"),
                            .bytes = file.unsigned_integer("bytes"), .sha256 = file.string("sha256")};
          if (error.empty() && !inside_set(entry.path))
            file.fail(file.path("path"), fmt::format("\"{}\" is not a relative path inside the set", entry.path));
          instance.files.push_back(std::move(entry));
        }
      }
      if (error.empty() && !instance.file("state"))
        in.fail(in.path("files"), "no file of role \"state\"");
      set.instances.push_back(std::move(instance));
    }
  }
  if (!error.empty()) return Status::error(error);
  return set;
}

Result<std::vector<const RestoreInstance*>> select_instances(const RestoreSet& set, const std::string& project) {
  std::vector<const RestoreInstance*> out;
  std::vector<std::string> projects;
  for (const RestoreInstance& instance : set.instances) {
    bool serves = project.empty();
    for (const std::string& p : instance.projects) {
      projects.push_back(p);
      serves = serves || p == project;
    }
    if (serves) out.push_back(&instance);
  }
  if (!project.empty() && out.empty())
    return Status::error(fmt::format("project {} is not in this backup set (it holds: {})", project,
                                     projects.empty() ? std::string("no project") : fmt::format("{}", fmt::join(projects, ", "))));
  return out;
}

std::optional<std::string> file_difference(const RestoreFile& expected, const FileFacts& found) {
  if (!found.exists) return fmt::format("{}: missing (the index says {} bytes)", expected.path, expected.bytes);
  if (found.bytes != expected.bytes)
    return fmt::format("{}: {} bytes, the index says {} (truncated or replaced)", expected.path, found.bytes,
                       expected.bytes);
  if (found.sha256 != expected.sha256)
    return fmt::format("{}: sha256 {}, the index says {} (altered)", expected.path, found.sha256, expected.sha256);
  return std::nullopt;
}

}  // namespace clawform
