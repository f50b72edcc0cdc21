#include "backends/os_accounts.h"

#include <pwd.h>
#include <sys/types.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace clawform {

namespace {

// getpwnam_r: discovery resolves from several threads.
std::optional<OsAccount> lookup(const std::string& name, std::string& why) {
  struct passwd entry {};
  struct passwd* found = nullptr;
  std::vector<char> buffer(16384);
  int rc = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0) {
    why = fmt::format("getpwnam({}): {}", name, std::strerror(rc));
    return std::nullopt;
  }
  if (!found) {
    why = fmt::format("OS user {} does not exist on this host; create it (e.g. `useradd -m {}`) and plan again",
                      name, name);
    return std::nullopt;
  }
  return OsAccount{name, static_cast<unsigned>(found->pw_uid), static_cast<unsigned>(found->pw_gid),
                   found->pw_dir ? found->pw_dir : ""};
}

}  // namespace

HostPaths resolve_host_paths(const Manifest& manifest, const std::string& root, const std::string& real_home,
                             bool real_users, std::vector<PlanError>* errors) {
  HostPaths paths = host_paths(manifest.host.os, root, real_home);
  paths.real_users = paths.real_users || real_users;
  if (!paths.real_users || manifest.topology != Topology::B) return paths;
  auto resolve = [&](const std::string& project, const std::string& user) {
    if (paths.accounts.contains(user)) return;
    std::string why;
    if (std::optional<OsAccount> account = lookup(user, why)) paths.accounts.emplace(user, std::move(*account));
    else if (errors) errors->push_back({project, why});
  };
  for (const Project& p : manifest.projects) resolve(p.name, p.user.value_or(p.name));
  // A removed project's user may be gone already: then so is its instance.
  for (const Removal& r : manifest.remove_projects) {
    std::string ignored;
    if (std::optional<OsAccount> account = lookup(r.name, ignored)) paths.accounts.emplace(r.name, std::move(*account));
  }
  return paths;
}

}  // namespace clawform
