#include "compiler/plan_binding.h"

#include <memory>

#include <fmt/format.h>

#include "compiler/desired.h"

namespace clawform {

namespace {

// Where the value of key `name` of `project` lives, per the manifest.
const KeyRef* key_ref(const Manifest& manifest, const std::string& project, const std::string& name) {
  for (const Project& p : manifest.projects)
    if (p.name == project)
      for (const ProjectKey& key : p.keys)
        if (key.name == name) return &key.ref;  // a project's own gateway_token is one of its keys
  if (name == kGatewaySecretName && manifest.gateway.auth.secret) return &*manifest.gateway.auth.secret;
  return nullptr;
}

}  // namespace

Status bind_instances(Plan& plan, const Manifest& manifest, const HostPaths& paths) {
  std::vector<std::shared_ptr<const InstanceLayout>> instances;
  for (InstanceLayout& layout : layout_instances(manifest, paths)) {
    if (auto binary = plan.instance_openclaw.find(layout.instance); binary != plan.instance_openclaw.end())
      layout.openclaw = binary->second;
    instances.push_back(std::make_shared<const InstanceLayout>(std::move(layout)));
  }
  for (InstanceLayout& layout : removal_layouts(manifest, paths))
    instances.push_back(std::make_shared<const InstanceLayout>(std::move(layout)));

  for (Step& step : plan.steps) {
    for (const auto& instance : instances)
      if (serves_project(*instance, step.project)) {
        step.instance = instance;
        break;
      }
    if (!step.instance)
      return Status::error(fmt::format("step {} ({}): no instance of the plan's manifest serves project {}",
                                       step.index, step.address, step.project));
    if (auto* keys = std::get_if<KeyFileTarget>(&step.target))
      for (KeyEntry& key : keys->keys) {
        const KeyRef* ref = key_ref(manifest, step.project, key.name);
        if (!ref)
          return Status::error(fmt::format("step {} ({}): key {} is not in the plan's manifest", step.index,
                                           step.address, key.name));
        key.ref = *ref;
      }
  }
  return Status::ok();
}

}  // namespace clawform
