#include "backends/npm_registry.h"

#include <cstdlib>
#include <cstring>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends/process_runner.h"

extern char** environ;

namespace clawform {

namespace {

// How this host reaches the registry: the CA bundle Node (npm) trusts beside
// its own (a TLS-inspecting proxy's), and the proxy.
const std::set<std::string> kReachesRegistry = {"NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR",
                                                "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
                                                "NO_PROXY", "no_proxy"};

}  // namespace

std::map<std::string, std::string> npm_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; *entry; ++entry) {
    std::string_view text(*entry);
    std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(text.substr(0, eq));
    if (name == "PATH" || name == "HOME" || name == "TMPDIR" || name.rfind("npm_config_", 0) == 0 ||
        name.rfind("NPM_CONFIG_", 0) == 0 || kReachesRegistry.count(name))
      env[name] = std::string(text.substr(eq + 1));
  }
  if (!env.count("PATH")) env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
  return env;
}

ProcessRequest npm_view_request(const std::string& name, const std::string& version, const NpmOptions& options) {
  ProcessRequest request;
  request.argv = {options.npm, "view", name + "@" + version, "dist.integrity", "dist.tarball", "--json"};
  request.env = npm_environment();
  request.timeout = options.timeout;
  request.tag = name;
  return request;
}

Result<LockedPackage> npm_view(const std::string& name, const std::string& version, const NpmOptions& options) {
  const ProcessRequest request = npm_view_request(name, version, options);
  return read_npm_view(run_process(request), format_argv(request.argv), name, version);
}

Result<LockedPackage> read_npm_view(const ProcessResult& result, const std::string& command, const std::string& name,
                                    const std::string& version) {
  // Several fields asked: an object; a failure with --json: {"error":{"summary"}}.
  nlohmann::json doc = nlohmann::json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  if (!result.succeeded()) {
    std::string why = result.err_tail(1);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_object())
      why = doc["error"].value("summary", why);
    return Status::error(fmt::format("`{}`: {}{}", command, result.describe(), why.empty() ? "" : ": " + why));
  }
  if (doc.is_discarded() || !doc.is_object())
    return Status::error(fmt::format("`{}`: the registry has no {}@{} (npm printed no entry for it)", command, name,
                                     version));
  auto text = [&](const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  LockedPackage package{name, version, text("dist.integrity"), text("dist.tarball"), {}};
  if (package.integrity.rfind("sha512-", 0) != 0)
    return Status::error(fmt::format("`{}`: {}@{} has no sha512 integrity in the registry (\"{}\")", command, name,
                                     version, package.integrity));
  if (package.resolved.empty())
    return Status::error(fmt::format("`{}`: {}@{} has no tarball URL in the registry", command, name, version));
  return package;
}

}  // namespace clawform
