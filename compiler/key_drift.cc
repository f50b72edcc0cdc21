#include "compiler/key_drift.h"

#include <set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace clawform {

namespace {

using Digests = std::map<std::string, std::string>;  // key name -> digest

const Step* key_step(const Plan& plan, const std::string& address) {
  for (const Step& s : plan.steps)
    if (s.kind == StepKind::KeyFile && s.address == address) return &s;
  return nullptr;
}

Digests digests_of(const Step& s) {
  Digests out;
  for (const KeyEntry& k : s.as<KeyFileTarget>().keys) out[k.name] = k.digest;
  return out;
}

struct LiveKeys {
  const InstanceState* instance = nullptr;
  const SecretsState* secrets = nullptr;
};

LiveKeys live_keys(const LiveState& live, const std::string& project) {
  for (const InstanceState& i : live.instances)
    for (const ProjectFiles& f : i.files)
      if (f.project == project) return {&i, &f.secrets};
  return {};
}

bool files_moved(const LiveFingerprint& planned, const LiveFingerprint& now, const std::string& instance) {
  auto was = planned.instances.find(instance);
  auto is = now.instances.find(instance);
  if (was == planned.instances.end() || is == now.instances.end()) return true;
  auto a = was->second.find("files");
  auto b = is->second.find("files");
  return a == was->second.end() || b == is->second.end() || a->second != b->second;
}

// The names whose digest differs between `a` and `b` (either side missing counts).
std::vector<std::string> differing(const Digests& a, const Digests& b) {
  std::set<std::string> names;
  for (const auto& [name, digest] : a)
    if (!b.contains(name) || b.at(name) != digest) names.insert(name);
  for (const auto& [name, digest] : b)
    if (!a.contains(name)) names.insert(name);
  return {names.begin(), names.end()};
}

}  // namespace

std::map<std::string, std::string> key_file_drift(const Plan& saved, const Plan& now, const LiveState& live_now,
                                                  const LiveFingerprint& planned, const LiveFingerprint& now_fp) {
  std::set<std::string> addresses;
  for (const Plan* plan : {&saved, &now})
    for (const Step& s : plan->steps)
      if (s.kind == StepKind::KeyFile) addresses.insert(s.address);

  std::map<std::string, std::string> out;
  for (const std::string& address : addresses) {
    const Step* was = key_step(saved, address);
    const Step* is = key_step(now, address);
    const Step& any = was ? *was : *is;
    const LiveKeys live = live_keys(live_now, any.project);
    const std::string& path = any.as<KeyFileTarget>().path;
    const bool moved = !live.instance || files_moved(planned, now_fp, live.instance->instance);
    const bool same_step = was && is && digests_of(*was) == digests_of(*is) && was->action == is->action;
    if (same_step && !moved) continue;
    // What the references give now: the fresh step's digests, or (no step:
    // the file holds them) the live file's.
    const Digests now_desired = is ? digests_of(*is) : live.secrets ? live.secrets->key_digests : Digests{};

    std::vector<std::string> references;  // keys whose reference gives another value than when planned
    std::string file_change;              // how the key file moved, "" when it did not
    const std::string hedged = fmt::format("{} (or another file of instance {}) was changed on the host", path,
                                           live.instance ? live.instance->instance : any.project);
    if (was) {
      references = differing(digests_of(*was), now_desired);
      if (was->action == Action::Create) {
        if (live.secrets && live.secrets->key_file.exists) file_change = path + " was created on the host";
      } else if (moved) {
        file_change = hedged;
      }
    } else if (is && is->action == Action::Create) {
      file_change = path + " was removed from the host";  // when planned it held what the references gave
    } else if (moved) {
      file_change = hedged;
    } else if (is && live.secrets) {
      // The file did not move and held then what the references gave.
      references = differing(live.secrets->key_digests, now_desired);
    }
    std::vector<std::string> why;
    if (!references.empty())
      why.push_back(fmt::format(
          "the value the manifest's reference gives for {} {} changed since the plan was made (its env var or "
          "file holds another value now); the plan would write the value reviewed then",
          references.size() == 1 ? "key" : "keys", fmt::join(references, ", ")));
    if (!file_change.empty())
      why.push_back(fmt::format("the key file {} since the plan was made, not by clawform", file_change));
    if (why.empty()) continue;
    out[address] = fmt::format("{}: {}", address, fmt::join(why, "; and "));
  }
  return out;
}

}  // namespace clawform
