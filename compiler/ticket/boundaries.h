#pragma once
// The five isolation boundaries of each project after a plan (design.md §1),
// as a change ticket shows them: data, credentials, model, plugins, gateway,
// and the observability tag. Derived from the manifest and the instances'
// layout, never from the host; key *references* only, never a value.
// Which boundaries a plan changes comes from its steps (changed_boundaries).

#include <set>
#include <string>
#include <vector>

#include "compiler/instance_layout.h"
#include "compiler/plan.h"
#include "schema/model.h"

namespace clawform {

enum class Boundary { Data, Credentials, Model, Plugins, Gateway, Observability };

struct ProjectBoundaries {
  std::string project;
  std::string instance;  // "default" (A), the OS user (B), the profile (C)
  std::string os_user;   // who the instance runs as: B's user, else "operator"
  // data
  std::string state_dir;
  std::string workspace;
  // credentials: "NAME <- env:VAR" each, and the file they are written to
  std::vector<std::string> keys;
  std::string key_file;
  // model
  std::string model;
  // plugins: "package@version", "(beta)" after a beta pin
  std::vector<std::string> plugins;
  // gateway
  int port = 0;
  std::string bind;
  std::string auth;
  std::string service;  // "systemd openclaw-gateway-acme.service"
  // observability: what every plan step, status row and log line carries
  std::string tag;
};

// One entry per project of `manifest`, in manifest order; `layouts` are
// layout_instances(manifest, paths).
std::vector<ProjectBoundaries> project_boundaries(const Manifest& manifest, const std::vector<InstanceLayout>& layouts);

// The boundaries `plan` changes for `project` (a check step changes none; a
// gateway restart alone neither: it follows from another change). A step of
// an instance shared by several projects (topology A's) changes each of them.
std::set<Boundary> changed_boundaries(const Plan& plan, const ProjectBoundaries& project);

}  // namespace clawform
