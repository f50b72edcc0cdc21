#include "schema/model.h"

#include <algorithm>

#include <fmt/format.h>

namespace clawform {

std::string KeyRef::describe() const {
  switch (source) {
    case Source::Env: return "env:" + var;
    case Source::File: return "file:" + path;
    case Source::Keychain: return account.empty() ? "keychain:" + service : "keychain:" + service + "/" + account;
  }
  return {};
}

std::string_view topology_name(Topology topology) {
  switch (topology) {
    case Topology::A: return "A";
    case Topology::B: return "B";
    case Topology::C: return "C";
  }
  return "?";
}

std::string_view update_channel_name(UpdateChannel channel) {
  switch (channel) {
    case UpdateChannel::Stable: return "stable";
    case UpdateChannel::ExtendedStable: return "extended-stable";
    case UpdateChannel::Beta: return "beta";
    case UpdateChannel::Dev: return "dev";
  }
  return "?";
}

std::string_view bind_mode_name(BindMode bind) {
  switch (bind) {
    case BindMode::Loopback: return "loopback";
    case BindMode::Lan: return "lan";
    case BindMode::Tailnet: return "tailnet";
    case BindMode::Auto: return "auto";
    case BindMode::Custom: return "custom";
  }
  return "?";
}

std::string_view auth_mode_name(AuthMode auth) {
  switch (auth) {
    case AuthMode::None: return "none";
    case AuthMode::Token: return "token";
    case AuthMode::Password: return "password";
    case AuthMode::TrustedProxy: return "trusted-proxy";
  }
  return "?";
}

bool has_own_gateway_token(const Project& project) {
  return std::any_of(project.keys.begin(), project.keys.end(),
                     [](const ProjectKey& k) { return k.name == kGatewayTokenKey; });
}

const std::string& project_openclaw_version(const Manifest& manifest, const Project& project) {
  return project.openclaw_version ? *project.openclaw_version : manifest.openclaw.version;
}

AuthMode project_auth_mode(const Manifest& manifest, const Project& project) {
  if (manifest.topology == Topology::A) return manifest.gateway.auth.mode;
  if (has_own_gateway_token(project)) return AuthMode::Token;
  if (project.unauthenticated_gateway) return AuthMode::None;
  return manifest.gateway.auth.mode;
}

std::vector<std::string> gateway_auth_waivers(const Manifest& manifest) {
  std::vector<std::string> out;
  if (manifest.topology == Topology::A) return out;
  for (const Project& p : manifest.projects)
    if (p.unauthenticated_gateway && !has_own_gateway_token(p))
      out.push_back(fmt::format("project {}: gateway runs WITHOUT auth (unauthenticated_gateway: \"{}\"); any "
                                "process on this host can drive its agent",
                                p.name, *p.unauthenticated_gateway));
  return out;
}

}  // namespace clawform
