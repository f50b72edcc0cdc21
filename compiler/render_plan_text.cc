#include "compiler/render_plan_text.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

const char* ansi_color(Action action) {
  switch (action) {
    case Action::Create: return "\033[32m";
    case Action::Update: return "\033[33m";
    case Action::Delete: return "\033[31m";
    case Action::Replace: return "\033[35m";
    case Action::Restart: return "\033[36m";
    case Action::Check: return "\033[2m";
  }
  return "";
}

constexpr const char* kReset = "\033[0m";
constexpr const char* kBold = "\033[1m";

std::string shown(const nlohmann::json& value) { return value.is_null() ? "(unset)" : compact_value(value); }

}  // namespace

std::vector<std::string> change_details(const Step& s) {
  std::vector<std::string> lines;
  if (s.action == Action::Check) {  // what the check passes on, as the plan says it
    if (s.after.is_object())
      for (const auto& [key, value] : s.after.items())
        lines.push_back(key + ": " + (value.is_string() ? value.get<std::string>() : compact_value(value)));
    return lines;
  }
  const nlohmann::json& before = s.before;
  const nlohmann::json& after = s.after;
  const bool objects = (before.is_object() || before.is_null()) && (after.is_object() || after.is_null());
  if (!objects) {
    lines.push_back(shown(before) + " -> " + shown(after));
  } else {
    std::vector<std::string> keys;
    for (const nlohmann::json* side : {&before, &after})
      if (side->is_object())
        for (const auto& [key, value] : side->items())
          if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    std::sort(keys.begin(), keys.end());
    for (const std::string& key : keys) {
      nlohmann::json b = before.is_object() ? before.value(key, nlohmann::json()) : nlohmann::json();
      nlohmann::json a = after.is_object() ? after.value(key, nlohmann::json()) : nlohmann::json();
      if (before.is_null()) lines.push_back(key + ": " + shown(a));
      else if (after.is_null()) lines.push_back(key + ": " + shown(b) + " -> (deleted)");
      else if (a != b) lines.push_back(key + ": " + shown(b) + " -> " + shown(a));
    }
  }
  if (s.sensitive && s.digest_changed && s.action == Action::Update)
    lines.push_back("(a secret value changes; values are never shown)");
  return lines;
}

std::string_view action_marker(Action action) {
  switch (action) {
    case Action::Create: return "+";
    case Action::Update: return "~";
    case Action::Delete: return "-";
    case Action::Replace: return "-/+";
    case Action::Restart: return "^";
    case Action::Check: return "=";
  }
  return "?";
}

std::string compact_value(const nlohmann::json& value) { return value.dump(); }

std::string offline_notice(std::string_view file_shown) {
  return fmt::format("Planned offline from the live state recorded in {}: no key value was read, no port or config "
                     "checked; apply checks them on the host and refuses what drifted.",
                     file_shown);
}

std::string plan_summary_line(const Plan& plan) {
  if (!plan.has_changes()) return "No changes.";
  Plan::Counts c = plan.counts();
  std::string out = fmt::format("Plan: {} to create, {} to update, {} to delete", c.create, c.update, c.destroy);
  if (c.replace) out += fmt::format(", {} to replace", c.replace);
  return out + fmt::format(", {} restart.", c.restart);
}

std::string render_plan_text(const Plan& plan, bool color) {
  auto paint = [&](const char* code, std::string_view text) {
    return color ? fmt::format("{}{}{}", code, text, kReset) : std::string(text);
  };
  std::string out = fmt::format("clawform plan: fleet {}, topology {}, {} steps\n", plan.fleet, plan.topology,
                                plan.steps.size());
  if (!plan.projects.empty())
    out += fmt::format("Limited to project{} {} (--project): no other project was discovered or is changed.\n",
                       plan.projects.size() == 1 ? "" : "s", fmt::join(plan.projects, ", "));
  if (!plan.recorded_state.empty()) out += offline_notice(plan.recorded_state) + "\n";
  if (!plan.steps.empty()) {
    out += "  + create  ~ update  - delete  -/+ replace  ^ restart  = check\n\n";
    const int width = static_cast<int>(std::to_string(plan.steps.size()).size());
    for (const Step& s : plan.steps) {
      std::string_view marker = action_marker(s.action);
      out += std::string(3 - marker.size(), ' ') + paint(ansi_color(s.action), marker);
      out += fmt::format(" [{:>{}}] {}: {} ({})\n", s.index, width, s.address,
                         paint(ansi_color(s.action), action_name(s.action)), s.reason);
      for (const std::string& line : change_details(s)) out += "        " + line + "\n";
    }
  }
  if (!plan.version_drift.empty()) {
    out += "\n" + paint(kBold, "Version drift (apply refuses until the host runs what the manifest pins):") + "\n";
    for (const VersionDrift& d : plan.version_drift) out += "  " + describe_drift(d) + "\n";
  }
  if (!plan.waivers.empty()) {
    out += "\n" + paint(kBold, "Waived on purpose (the manifest says why):") + "\n";
    for (const std::string& w : plan.waivers) out += "  " + w + "\n";
  }
  if (!plan.unmanaged.empty()) {
    out += "\nUnmanaged (not in the manifest, left alone):\n";
    for (const std::string& u : plan.unmanaged) out += "  " + u + "\n";
  }
  out += "\n" + paint(kBold, plan_summary_line(plan)) + "\n";
  return out;
}

}  // namespace clawform
