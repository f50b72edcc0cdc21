#include "compiler/offline/unchecked_keys.h"

#include <unordered_map>

namespace clawform {

bool is_unchecked_digest(std::string_view digest) { return digest.starts_with(kUncheckedDigestPrefix); }

bool key_values_differ(const std::map<std::string, std::string>& live,
                       const std::map<std::string, std::string>& desired) {
  if (live.size() != desired.size()) return true;
  for (auto l = live.begin(), d = desired.begin(); l != live.end(); ++l, ++d) {
    if (l->first != d->first) return true;
    if (!is_unchecked_digest(d->second) && l->second != d->second) return true;
  }
  return false;
}

void fill_unchecked_key_digests(Plan& offline, const Plan& live) {
  std::unordered_map<std::string, const KeyFileTarget*> live_keys;
  for (const Step& step : live.steps)
    if (const auto* target = std::get_if<KeyFileTarget>(&step.target)) live_keys[step.address] = target;
  for (Step& step : offline.steps) {
    auto* target = std::get_if<KeyFileTarget>(&step.target);
    if (!target) continue;
    auto found = live_keys.find(step.address);
    if (found == live_keys.end()) continue;
    for (KeyEntry& key : target->keys) {
      if (!is_unchecked_digest(key.digest)) continue;
      for (const KeyEntry& now : found->second->keys)
        if (now.name == key.name) key.digest = now.digest;
    }
  }
}

}  // namespace clawform
