#include "compiler/operations/backup_index.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

namespace clawform {

namespace {

using Json = nlohmann::json;

Json file_to_json(const BackupFile& file) {
  Json j = {{"role", file.role}, {"path", file.path}, {"bytes", file.bytes}, {"sha256", file.sha256}};
  if (file.role == "secrets") j["contains"] = file.contains;
  return j;
}

Json instance_to_json(const BackupInstance& instance) {
  Json files = Json::array();
  for (const BackupFile& f : instance.files) files.push_back(file_to_json(f));
  return {{"instance", instance.instance},
          {"projects", instance.projects},
          {"openclaw_version", instance.openclaw_version},
          {"node_major", instance.node_major},
          {"state_dir", instance.state_dir},
          {"archive_root", instance.archive_root},
          {"files", std::move(files)},
          {"removed_from_archive", instance.removed_from_archive},
          {"seconds", instance.seconds}};
}

// Reads fields of one object, remembering the first problem under its path.
class Reader {
 public:
  Reader(const Json& object, std::string path, std::string& error)
      : object_(object), path_(std::move(path)), error_(error) {
    if (!object_.is_object() && error_.empty()) error_ = fmt::format("{}: not an object", where(""));
  }

  const Json* field(std::string_view key, bool (Json::*is_type)() const noexcept, std::string_view type) {
    if (!error_.empty() || !object_.is_object()) return nullptr;
    auto it = object_.find(std::string(key));
    if (it == object_.end()) {
      error_ = fmt::format("{}: missing", where(key));
      return nullptr;
    }
    if (!((*it).*is_type)()) {
      error_ = fmt::format("{}: not {}", where(key), type);
      return nullptr;
    }
    return &*it;
  }
  std::string string(std::string_view key) {
    const Json* j = field(key, &Json::is_string, "a string");
    return j ? j->get<std::string>() : std::string();
  }
  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const Json* j = field(key, &Json::is_array, "an array");
    if (!j) return out;
    for (std::size_t i = 0; i < j->size(); ++i) {
      if (!(*j)[i].is_string()) {
        error_ = fmt::format("{}[{}]: not a string", where(key), i);
        return {};
      }
      out.push_back((*j)[i].get<std::string>());
    }
    return out;
  }
  std::uint64_t unsigned_integer(std::string_view key) {
    const Json* j = field(key, &Json::is_number_unsigned, "an integer of 0 or more");
    return j ? j->get<std::uint64_t>() : 0;
  }
  int integer(std::string_view key) {
    const Json* j = field(key, &Json::is_number_integer, "an integer");
    if (!j) return 0;
    const std::int64_t v = j->get<std::int64_t>();
    if (v < 0 || v > 1'000'000) {
      error_ = fmt::format("{}: out of range", where(key));
      return 0;
    }
    return static_cast<int>(v);
  }
  double number(std::string_view key) {
    const Json* j = field(key, &Json::is_number, "a number");
    return j ? j->get<double>() : 0;
  }
  const Json* array(std::string_view key) { return field(key, &Json::is_array, "an array"); }
  std::string where(std::string_view key) const {
    if (key.empty()) return path_.empty() ? "the index" : path_;
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }

 private:
  const Json& object_;
  std::string path_;
  std::string& error_;
};

}  // namespace

const BackupInstance* BackupIndex::find(std::string_view instance) const {
  for (const BackupInstance& i : instances)
    if (i.instance == instance) return &i;
  return nullptr;
}

Json backup_index_to_json(const BackupIndex& index) {
  Json instances = Json::array();
  for (const BackupInstance& i : index.instances) instances.push_back(instance_to_json(i));
  return {{"kind", kBackupKind},
          {"format", kBackupFormat},
          {"created_at", index.created_at},
          {"clawform_version", index.clawform_version},
          {"fleet", index.fleet},
          {"region", index.region},
          {"topology", index.topology},
          {"recipients", index.recipients},
          {"checklist", index.checklist},
          {"instances", std::move(instances)}};
}

Result<BackupIndex> backup_index_from_json(const Json& json) {
  std::string error;
  Reader top(json, "", error);
  BackupIndex index;
  const std::string kind = top.string("kind");
  if (error.empty() && kind != kBackupKind)
    return Status::error(fmt::format("kind is \"{}\", not \"{}\": not a clawform backup index", kind, kBackupKind));
  const int format = top.integer("format");
  if (error.empty() && format != kBackupFormat)
    return Status::error(
        fmt::format("format {} is not one this clawform reads (it reads format {})", format, kBackupFormat));
  index.created_at = top.string("created_at");
  index.clawform_version = top.string("clawform_version");
  index.fleet = top.string("fleet");
  index.region = top.string("region");
  index.topology = top.string("topology");
  index.recipients = top.strings("recipients");
  if (error.empty()) {
    if (!json.contains("checklist")) error = "checklist: missing";
    else index.checklist = json["checklist"];
  }
  if (const Json* instances = top.array("instances")) {
    for (std::size_t i = 0; i < instances->size() && error.empty(); ++i) {
      Reader r((*instances)[i], fmt::format("instances[{}]", i), error);
      BackupInstance instance;
      instance.instance = r.string("instance");
      instance.projects = r.strings("projects");
      instance.openclaw_version = r.string("openclaw_version");
      instance.node_major = r.integer("node_major");
      instance.state_dir = r.string("state_dir");
      instance.archive_root = r.string("archive_root");
      if (const Json* files = r.array("files")) {
        for (std::size_t k = 0; k < files->size() && error.empty(); ++k) {
          Reader f((*files)[k], fmt::format("instances[{}].files[{}]", i, k), error);
          BackupFile file;
          file.role = f.string("role");
          file.path = f.string("path");
          file.bytes = f.unsigned_integer("bytes");
          file.sha256 = f.string("sha256");
          if (file.role == "secrets") file.contains = f.strings("contains");
          instance.files.push_back(std::move(file));
        }
      }
      instance.removed_from_archive = r.strings("removed_from_archive");
      instance.seconds = r.number("seconds");
      index.instances.push_back(std::move(instance));
    }
  }
  if (!error.empty()) return Status::error(error);
  return index;
}

std::string backup_set_name(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

bool is_backup_set_name(std::string_view name) {
  if (name.size() != 16 || name[8] != 'T' || name[15] != 'Z') return false;
  for (std::size_t i = 0; i < 15; ++i)
    if (i != 8 && (name[i] < '0' || name[i] > '9')) return false;
  return true;
}

std::string partial_set_name(std::string_view set_name) { return fmt::format("{}{}", kPartialPrefix, set_name); }

std::vector<std::string> sets_beyond_keep(std::vector<std::string> sets, int keep) {
  std::sort(sets.begin(), sets.end());
  const std::size_t kept = static_cast<std::size_t>(std::max(keep, 1));
  if (sets.size() <= kept) return {};
  sets.resize(sets.size() - kept);
  return sets;
}

}  // namespace clawform
