#include "compiler/plan_file.h"

#include "compiler/project_filter.h"

#include <stdexcept>
#include <string_view>

#include <fmt/format.h>

#include "compiler/json_integer.h"
#include "compiler/step_json.h"

namespace clawform {

namespace {

using nlohmann::json;

Action action_at(const json& j) {
  const std::string name = j.at("action").get<std::string>();
  if (std::optional<Action> action = action_from_name(name)) return *action;
  throw json::other_error::create(502, "unknown step action \"" + name + "\"", &j);
}

StepKind kind_at(const json& j) {
  const std::string name = j.at("kind").get<std::string>();
  if (std::optional<StepKind> kind = step_kind_from_name(name)) return *kind;
  throw json::other_error::create(502, "unknown step kind \"" + name + "\"", &j);
}

// Built field by field: nlohmann's initializer lists deep-copy every value,
// which costs more than the rest of planning at 10,000 projects.
json step_to_json(Step&& s) {
  json j = json::object();
  j["index"] = s.index;
  j["address"] = s.address;
  j["project"] = s.project;
  j["action"] = action_name(s.action);
  j["kind"] = step_kind_name(s.kind);
  j["before"] = std::move(s.before);
  j["after"] = std::move(s.after);
  j["sensitive"] = s.sensitive;
  j["digest_changed"] = s.digest_changed;
  j["depends_on"] = s.depends_on;
  j["undo"] = s.undo;
  j["destructive"] = s.destructive;
  j["reason"] = s.reason;
  j["target"] = target_to_json(s.target);
  return j;
}

Step step_from_json(const json& j) {
  Step s;
  s.index = json_integer<int>(j.at("index"));
  s.address = j.at("address").get<std::string>();
  s.project = j.at("project").get<std::string>();
  s.action = action_at(j);
  s.kind = kind_at(j);
  s.before = j.value("before", json());
  s.after = j.value("after", json());
  s.sensitive = j.value("sensitive", false);
  s.digest_changed = j.value("digest_changed", false);
  if (auto deps = j.find("depends_on"); deps != j.end())
    for (const json& dep : deps->get_ref<const json::array_t&>()) s.depends_on.push_back(json_integer<int>(dep));
  s.undo = j.value("undo", "");
  s.destructive = j.value("destructive", false);
  s.reason = j.value("reason", "");
  s.target = target_from_json(s.kind, j.at("target"));
  return s;
}

json summary_json(const Plan& plan) {
  Plan::Counts c = plan.counts();
  return {{"create", c.create},   {"update", c.update},   {"delete", c.destroy},
          {"replace", c.replace}, {"restart", c.restart}, {"check", c.check},
          {"changes", plan.has_changes()}, {"destructive", plan.has_destructive()}};
}

}  // namespace

PlanFile make_plan_file(Plan plan, const LiveState& live, const std::string& manifest_path,
                        const std::string& manifest_content, const std::string& root, const std::string& openclaw,
                        const std::string& clawform_version, const Digester& digester) {
  PlanFile file;
  file.clawform_version = clawform_version;
  file.manifest_path = manifest_path;
  file.manifest_content = manifest_content;
  file.manifest_sha256 = digester.content_digest(manifest_content);
  file.root = root;
  file.openclaw = openclaw;
  file.live = fingerprint_live(live, digester);
  file.plan = std::move(plan);
  return file;
}

namespace {

// The document without its steps (an empty "steps" array).
json plan_file_head(PlanFile& f) {
  json manifest = json::object();
  manifest["path"] = f.manifest_path;
  manifest["sha256"] = f.manifest_sha256;
  manifest["content"] = std::move(f.manifest_content);
  json doc = json::object();
  doc["format_version"] = kPlanFormatVersion;
  doc["clawform_version"] = f.clawform_version;
  doc["fleet"] = f.plan.fleet;
  doc["topology"] = f.plan.topology;
  doc["root"] = f.root;
  if (f.real_users) doc["real_users"] = true;  // absent: false (older plans, and most)
  if (!f.plan.projects.empty()) doc["projects"] = f.plan.projects;  // absent: every project
  doc["openclaw"] = f.openclaw;
  if (!f.plan.recorded_state.empty()) doc["recorded_live_state"] = f.plan.recorded_state;  // absent: planned live
  if (!f.plan.instance_openclaw.empty()) doc["instance_openclaw"] = f.plan.instance_openclaw;  // absent: none
  doc["manifest"] = std::move(manifest);
  doc["live"] = fingerprint_to_json(f.live);
  doc["summary"] = summary_json(f.plan);
  doc["steps"] = json::array();
  doc["unmanaged"] = f.plan.unmanaged;
  if (!f.plan.waivers.empty()) doc["waivers"] = f.plan.waivers;
  if (!f.plan.version_drift.empty()) {
    json drift = json::array();
    for (const VersionDrift& d : f.plan.version_drift)
      drift.push_back({{"what", d.what}, {"host", d.host}, {"pinned", d.pinned}, {"projects", d.projects}});
    doc["version_drift"] = std::move(drift);
  }
  return doc;
}

}  // namespace

// The steps are serialized one at a time and spliced into the text of the
// rest, so the plan never exists as one JSON tree (at 10,000 projects that
// tree costs more memory and time than planning). The bytes are those of
// dump(2) of the whole document: every step is indented two levels deeper,
// which is safe because dump() escapes every newline inside a string.
std::string plan_file_bytes(PlanFile file) {
  std::string head = plan_file_head(file).dump(2);
  // The top-level key is the only one at an indent of two spaces.
  const std::string_view empty_steps = "\n  \"steps\": []";
  const std::size_t at = head.find(empty_steps);
  if (at == std::string::npos) throw std::logic_error("plan file: no steps member");
  const std::size_t insert_at = at + empty_steps.size() - 1;  // before the ']'

  std::string bytes;
  bytes.reserve(head.size() + file.plan.steps.size() * 1024 + 1);
  bytes.append(head, 0, insert_at);
  for (std::size_t k = 0; k < file.plan.steps.size(); ++k) {
    const std::string step = step_to_json(std::move(file.plan.steps[k])).dump(2);
    bytes += k == 0 ? "\n    " : ",\n    ";
    std::size_t from = 0;
    for (std::size_t nl; (nl = step.find('\n', from)) != std::string::npos; from = nl + 1) {
      bytes.append(step, from, nl + 1 - from);
      bytes += "    ";
    }
    bytes.append(step, from);
  }
  if (!file.plan.steps.empty()) bytes += "\n  ";
  bytes.append(head, insert_at);
  bytes += '\n';
  return bytes;
}

PlanFile plan_file_from_json(const json& j) {
  int version = json_integer<int>(j.at("format_version"));
  if (version != kPlanFormatVersion)
    throw json::other_error::create(
        501, fmt::format("plan format_version {} is not supported (this clawform reads {})", version, kPlanFormatVersion),
        &j);
  PlanFile f;
  f.clawform_version = j.at("clawform_version").get<std::string>();
  f.plan.fleet = j.at("fleet").get<std::string>();
  f.plan.topology = j.at("topology").get<std::string>();
  f.root = j.at("root").get<std::string>();
  f.real_users = j.value("real_users", false);
  if (j.contains("projects"))
    f.plan.projects = normalized_projects(j.at("projects").get<std::vector<std::string>>());
  f.openclaw = j.value("openclaw", "");
  f.plan.recorded_state = j.value("recorded_live_state", "");
  if (j.contains("instance_openclaw"))
    f.plan.instance_openclaw = j.at("instance_openclaw").get<std::map<std::string, std::string>>();
  const json& manifest = j.at("manifest");
  f.manifest_path = manifest.at("path").get<std::string>();
  f.manifest_sha256 = manifest.at("sha256").get<std::string>();
  f.manifest_content = manifest.at("content").get<std::string>();
  f.live = fingerprint_from_json(j.at("live"));
  for (const json& s : j.at("steps")) f.plan.steps.push_back(step_from_json(s));
  f.plan.unmanaged = j.value("unmanaged", std::vector<std::string>{});
  f.plan.waivers = j.value("waivers", std::vector<std::string>{});
  if (j.contains("version_drift"))
    for (const json& d : j.at("version_drift"))
      f.plan.version_drift.push_back({d.at("what").get<std::string>(), d.at("host").get<std::string>(),
                                      d.at("pinned").get<std::string>(),
                                      d.at("projects").get<std::vector<std::string>>()});
  return f;
}

Result<PlanFile> read_plan_file(std::string_view bytes) {
  try {
    return plan_file_from_json(json::parse(bytes));
  } catch (const std::exception& e) {  // nlohmann's parse, type and out-of-range errors
    return Status::error(e.what());
  }
}

}  // namespace clawform
