#pragma once
// Where each OpenClaw instance of a manifest lives on the host, per
// topology (design.md §2): its state dir, config, workspaces, key files,
// service and port, and how the openclaw CLI is isolated to reach it.
// Pure path arithmetic: nothing here touches the host.
//
//            A                          B                           C
// instance   "default", all projects   one per project (its user)  one per project (profile)
// home       operator's                /Users|/home/<user>         operator's
// state dir  ~/.openclaw               ~<user>/.openclaw           ~/.openclaw-<project>
// key file   ~/.openclaw/projects/     <state dir>/.env            <state dir>/.env
//            <project>/keys.env
// service    ai.openclaw.gateway       ai.openclaw.gateway (user)  ai.openclaw.<project>
//            openclaw-gateway.service  openclaw-gateway.service    openclaw-gateway-<project>.service
//
// Under --root DIR every path maps under DIR: the operator's home becomes
// DIR/Users/operator (macOS) or DIR/home/operator (Linux).
//
// Topology B on real OS users (HostPaths::real_users: always on a real host,
// with --real-users under --root): each user's home is the one the account
// database gives (backends/os_accounts.h resolves them into
// HostPaths::accounts), not a path under --root, and the layout carries the
// account, so openclaw runs as that user, what clawform writes for the
// instance is owned by it, and on Linux the user lingers.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schema/model.h"

namespace clawform {

// An OS account a topology B instance runs as, as the host's account
// database (getpwnam) gives it.
struct OsAccount {
  std::string name;
  unsigned uid = 0;
  unsigned gid = 0;
  std::string home;
};

// systemd's record that `user` lingers: its user manager (and the gateway's
// user unit) runs without a login session. loginctl enable-linger creates it.
std::string linger_file(const std::string& user);

struct HostPaths {
  std::string root;           // "" for the real host; else an absolute directory
  std::string home_base;      // /Users or /home (under root)
  std::string operator_home;  // the operator's HOME (under root)
  std::string clawform_dir;   // clawform's own state: lock, journal, digest key, pid files
  // Topology B's users are real OS users (see above); their accounts, by
  // name, once resolved. A user missing here gets a remapped home.
  bool real_users = false;
  std::map<std::string, OsAccount> accounts;
};

// `real_home` is the operator's $HOME, used only when `root` is empty.
HostPaths host_paths(HostOs os, const std::string& root, const std::string& real_home);

struct ProjectLayout {
  std::string project;
  std::string workspace;
  std::string secrets_dir;  // 0700
  std::string key_file;     // 0600, NAME=VALUE lines
};

struct InstanceLayout {
  std::string instance;            // "default", the user, or the profile
  std::vector<ProjectLayout> projects;  // in manifest order
  std::string os_user;             // B: the user the instance runs as; else ""
  // B on real users: the account openclaw runs as, that owns the instance's
  // files, and (Linux) lingers. Unset under --root without --real-users.
  std::optional<OsAccount> account;
  std::string linger_file;         // Linux, with `account`: its linger_file(); else ""
  std::string home;                // HOME for openclaw
  std::optional<std::string> profile;  // C: --profile <project>
  std::string state_dir;
  std::string config_path;
  int port = 0;                    // the gateway's port
  std::string service_manager;     // "launchd" | "systemd"
  std::string service_name;        // label or unit name
  std::string service_file;        // plist or unit path
  std::string pid_file;            // sandbox runner's pid file (under --root)
  // The openclaw the instance runs (compiler/instance_openclaw.h); empty: the
  // one clawform was given. Every openclaw call for it runs this binary.
  std::string openclaw{};
};

// The instances of `manifest`, in manifest order. Projects without a port in
// B or C get port 0 (the validator has already reported them).
std::vector<InstanceLayout> layout_instances(const Manifest& manifest, const HostPaths& paths);

// Where the instances of `remove_projects` live, laid out as B or C
// instances of the same names (B: the user is taken to be the project name).
// Empty in topology A.
std::vector<InstanceLayout> removal_layouts(const Manifest& manifest, const HostPaths& paths);

// Whether `layout` serves the project a plan step names: one of its
// projects, or "default", the name topology A's steps give the instance.
bool serves_project(const InstanceLayout& layout, const std::string& project);

}  // namespace clawform
