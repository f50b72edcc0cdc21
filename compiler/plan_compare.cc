#include "compiler/plan_compare.h"

#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "compiler/step_json.h"

namespace clawform {

namespace {

using Key = std::pair<std::string, std::string>;  // address, kind

Key key_of(const Step& s) { return {s.address, std::string(step_kind_name(s.kind))}; }

std::string shown(const nlohmann::json& value) { return value.is_null() ? "absent" : value.dump(); }

// The `before` values that differ, path by path when both are objects.
std::string before_change(const nlohmann::json& was, const nlohmann::json& is) {
  if (!was.is_object() || !is.is_object()) return fmt::format("was {}, now {}", shown(was), shown(is));
  std::string out;
  auto add = [&](const std::string& key) {
    const nlohmann::json none;
    const nlohmann::json& a = was.contains(key) ? was.at(key) : none;
    const nlohmann::json& b = is.contains(key) ? is.at(key) : none;
    if (a == b) return;
    out += fmt::format("{}{} was {}, now {}", out.empty() ? "" : "; ", key, shown(a), shown(b));
  };
  for (const auto& [key, value] : was.items()) add(key);
  for (const auto& [key, value] : is.items())
    if (!was.contains(key)) add(key);
  return out;
}

}  // namespace

std::vector<std::string> plan_differences(const Plan& saved, const Plan& now,
                                          const std::map<std::string, std::string>& explained) {
  std::map<Key, const Step*> current;
  for (const Step& s : now.steps) current.emplace(key_of(s), &s);
  std::vector<std::string> out;
  std::set<std::string> said;
  auto explain = [&](const Step& s) {
    auto e = explained.find(s.address);
    if (e == explained.end() || !said.insert(s.address).second) return e != explained.end();
    out.push_back(e->second);
    return true;
  };
  for (const Step& s : saved.steps) {
    auto it = current.find(key_of(s));
    if (explain(s)) {
      if (it != current.end()) current.erase(it);
      continue;
    }
    if (it == current.end()) {
      out.push_back(fmt::format("{}: the plan would {} it; it no longer needs that", s.address, action_name(s.action)));
      continue;
    }
    const Step& n = *it->second;
    current.erase(it);
    if (s.before != n.before) {
      std::string change = s.sensitive ? "the key file's live values changed" : before_change(s.before, n.before);
      out.push_back(fmt::format("{}: when planned {}", s.address, change));
    } else if (s.action != n.action || s.after != n.after || target_to_json(s.target) != target_to_json(n.target)) {
      out.push_back(fmt::format("{}: what it must become changed since the plan was made{}", s.address,
                                s.sensitive ? " (a key's value)" : ""));
    }
  }
  for (const Step& n : now.steps)
    if (current.count(key_of(n)) && !explain(n))
      out.push_back(fmt::format("{}: now needs {} ({}), which the plan does not do", n.address, action_name(n.action),
                                n.reason));
  return out;
}

}  // namespace clawform
