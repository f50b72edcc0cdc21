#include "backends/openclaw_cli.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "backends/openclaw_parse.h"
#include "compiler/service_file.h"

namespace clawform {

namespace {

bool is_executable_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::string self_executable() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : path.string();
}

constexpr const char* kPassedThrough[] = {
    "TMPDIR",      "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE",       "SSL_CERT_DIR",       "HTTPS_PROXY",
    "https_proxy", "HTTP_PROXY",          "http_proxy",          "NO_PROXY",           "no_proxy",
    "npm_config_cache", "npm_config_registry", "npm_config_cafile"};

}  // namespace

std::optional<std::string> find_openclaw(const std::string& flag, std::vector<std::string>& tried) {
  auto consider = [&](const std::string& candidate, const std::string& via) -> std::optional<std::string> {
    tried.push_back(candidate + " (" + via + ")");
    if (is_executable_file(candidate)) return std::filesystem::absolute(candidate).string();
    return std::nullopt;
  };
  if (!flag.empty()) return consider(flag, "--openclaw");
  if (const char* env = std::getenv("CLAWFORM_OPENCLAW"); env && *env) return consider(env, "CLAWFORM_OPENCLAW");
  for (std::filesystem::path dir = std::filesystem::path(self_executable()).parent_path();
       !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
    if (std::filesystem::exists(dir / ".deps"))
      if (auto found = consider((dir / ".deps/bin/openclaw").string(), ".deps")) return found;
  const char* path = std::getenv("PATH");
  if (std::string found = find_on_path("openclaw", path ? path : ""); !found.empty() && is_executable_file(found))
    return found;
  tried.push_back("openclaw on PATH");
  return std::nullopt;
}

ProcessRequest OpenClawCli::request(const std::vector<std::string>& args,
                                    const std::map<std::string, std::string>& extra_env) const {
  ProcessRequest r = direct_request(args, extra_env);
  // A command runs in the process clawform started: without this, OpenClaw
  // 2026.9.6 respawns itself into a detached child (its own session), which
  // a timeout or a kill of the first one leaves running; it also costs a
  // second Node start-up (~0.8 s a call, measured). Not for the gateway
  // (direct_request): there it also changes how OpenClaw restarts itself.
  r.env["OPENCLAW_NO_RESPAWN"] = "1";
  if (!switches_user()) return r;
  // sudo resets the environment (env_reset); `env` sets the instance's
  // variables again, so the isolation survives the switch. They are paths,
  // not secrets, but they land in argv (ps, error messages): a proxy URL may
  // hold a password, so those are preserved through sudo instead.
  std::vector<std::string> argv = {"sudo", "-n", "-u", layout_.account->name, "-H"};
  std::vector<std::string> assignments;
  // The runner's call mark (compiler/process.h) must reach openclaw too:
  // chosen here and set after sudo like the others (a random token, no
  // secret; --preserve-env would need sudoers' SETENV).
  r.env[kCallMarkVariable] = new_call_mark();
  std::string preserved;
  for (const auto& [name, value] : r.env) {
    if (name == "npm_config_cache") continue;  // the operator's; the user's npm uses its own ~/.npm
    if (name.find("proxy") != std::string::npos || name.find("PROXY") != std::string::npos)
      preserved += (preserved.empty() ? "" : ",") + name;
    else
      assignments.push_back(name + "=" + value);
  }
  if (!preserved.empty()) argv.push_back("--preserve-env=" + preserved);
  argv.insert(argv.end(), {"--", "/usr/bin/env"});
  argv.insert(argv.end(), assignments.begin(), assignments.end());
  argv.insert(argv.end(), r.argv.begin(), r.argv.end());
  r.argv = std::move(argv);
  return r;
}

bool OpenClawCli::switches_user() const {
  return layout_.account && static_cast<unsigned>(::geteuid()) != layout_.account->uid;
}

ProcessRequest OpenClawCli::direct_request(const std::vector<std::string>& args,
                                           const std::map<std::string, std::string>& extra_env) const {
  ProcessRequest r;
  r.argv.push_back(binary_);
  if (layout_.profile) {
    r.argv.push_back("--profile");
    r.argv.push_back(*layout_.profile);
  }
  r.argv.insert(r.argv.end(), args.begin(), args.end());
  r.env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"LANG", "C.UTF-8"}, {"NO_COLOR", "1"}, {"TERM", "dumb"}};
  for (const auto& [name, value] : instance_environment(layout_)) r.env[name] = value;
  // How this host reaches the npm registry (plugin installs): its CA bundle,
  // proxy and npm cache. Not secrets of clawform's; passed on when set.
  for (const char* name : kPassedThrough)
    if (const char* value = std::getenv(name)) r.env[name] = value;
  // A temporary directory is its user's (macOS gives each user one of its
  // own): the instance's user keeps its default rather than clawform's.
  if (switches_user()) r.env.erase("TMPDIR");
  for (const auto& [name, value] : extra_env) r.env[name] = value;
  r.cwd = "/";  // OpenClaw loads $CWD/.env first: start where there is none
  r.timeout = timeout_;
  r.tag = layout_.projects.empty() ? layout_.instance : layout_.projects.front().project;
  return r;
}

namespace {

// The first line of `text` that holds `phrase` (lower case), trimmed.
std::optional<std::string> line_with(std::string_view text, std::string_view phrase) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    std::string lower(line);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lower.find(phrase) == std::string::npos) continue;
    const std::size_t first = line.find_first_not_of(" \t");
    return std::string(line.substr(first, 400));
  }
  return std::nullopt;
}

// The line that says the disk is full (npm's "ENOSPC: no space left on
// device, mkdir '<path>'" rather than its "code ENOSPC"): the cause, which
// openclaw prints well before its last lines.
std::optional<std::string> no_space_line(std::string_view text) {
  if (std::optional<std::string> line = line_with(text, "no space left on device")) return line;
  return line_with(text, "enospc");
}

}  // namespace

std::string describe_failure(const ProcessResult& result) {
  std::string why = result.describe();
  std::string detail = openclaw_error_message(result.out).value_or(result.err_tail(3));
  if (detail.empty()) detail = openclaw_error_message(result.err).value_or("");
  std::optional<std::string> full = no_space_line(result.err);
  if (!full) full = no_space_line(result.out);
  if (full && detail.find(*full) == std::string::npos) detail = detail.empty() ? *full : *full + "\n" + detail;
  return detail.empty() ? why : why + ": " + detail;
}

}  // namespace clawform
