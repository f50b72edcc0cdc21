#pragma once
// A stand-in for the openclaw CLI inside a MemoryHost: what the real one
// was observed to do to an instance's files (../shared/openclaw/README.md),
// reduced to what the config and plugin handlers depend on.

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/memory_host.h"

namespace clawform::testing {

struct FakeOpenclaw {
  explicit FakeOpenclaw(std::string dir) : state_dir(std::move(dir)) {}

  std::string state_dir;
  bool installed_disabled = false;  // install leaves the plugin disabled (after an uninstall)
  std::string installed_version;    // what `plugins list` reports; "" when not installed
  int fail_exit = 0;                // every call exits with this code when not 0
  // The integrity `npm view` reports for any package, and the one npm's
  // install record holds after an install (the bytes npm unpacked).
  std::string registry_integrity = "sha512-registry";
  std::string installed_integrity = "sha512-registry";

  static ProcessResult exited(int code, std::string out = {}, std::string err = {}) {
    ProcessResult r;
    r.outcome = ProcessResult::Outcome::Exited;
    r.exit_code = code;
    r.out = std::move(out);
    r.err = std::move(err);
    return r;
  }

  ProcessResult operator()(const ProcessRequest& request, MemoryHost& host) {
    const std::vector<std::string>& a = request.argv;
    auto has = [&](const std::string& word) { return std::find(a.begin(), a.end(), word) != a.end(); };
    if (!a.empty() && a[0] == "npm" && has("view"))
      return exited(0, "{\"dist.integrity\":\"" + registry_integrity +
                           "\",\"dist.tarball\":\"https://registry.example/nostr.tgz\"}\n");
    if (fail_exit) return exited(fail_exit, "", "Error: simulated failure");
    if (has("patch")) {
      const std::string file = a[static_cast<std::size_t>(std::find(a.begin(), a.end(), "--file") - a.begin()) + 1];
      Result<std::string> patch = host.read_file(file, 1 << 20);
      if (const MemoryHost::Node* old = host.find(state_dir + "/openclaw.json"))
        host.put_file(state_dir + "/openclaw.json.bak", old->content, 0600);
      host.put_file(state_dir + "/openclaw.json", patch.is_ok() ? *patch : "{}", 0600);
      host.put_file(state_dir + "/state/openclaw.sqlite", "db after config patch", 0600);
      return exited(0, "Applied 1 config update(s).\n");
    }
    if (has("validate")) return exited(0, "{\"valid\":true}\n");
    if (has("install")) {
      const std::string spec = a[static_cast<std::size_t>(std::find(a.begin(), a.end(), "install") - a.begin()) + 1];
      installed_version = spec.substr(spec.rfind('@') + 1);
      host.put_file(state_dir + "/npm/projects/openclaw-nostr/package.json", "{\"v\":\"" + installed_version + "\"}");
      host.put_file(state_dir + "/npm/projects/openclaw-nostr/package-lock.json",
                    "{\"packages\":{\"node_modules/@openclaw/nostr\":{\"version\":\"" + installed_version +
                        "\",\"integrity\":\"" + installed_integrity + "\"}}}");
      host.put_file(state_dir + "/state/openclaw.sqlite", "db with nostr " + installed_version, 0600);
      return exited(0, "Installed plugin: nostr\n");
    }
    if (has("enable")) {
      installed_disabled = false;
      host.put_file(state_dir + "/openclaw.json", "{\"plugins\":{\"entries\":{\"nostr\":{\"enabled\":true}}}}", 0600);
      return exited(0, "Enabled plugin \"nostr\".\n");
    }
    if (has("uninstall")) {
      installed_version.clear();
      (void)host.remove(state_dir + "/npm/projects/openclaw-nostr");
      return exited(0, "Uninstalled plugin \"nostr\".\n");
    }
    if (has("list")) {
      std::string plugins = installed_version.empty()
                                ? ""
                                : "{\"id\":\"nostr\",\"version\":\"" + installed_version + "\",\"origin\":\"global\","
                                  "\"rootDir\":\"" + state_dir + "/npm/projects/openclaw-nostr/node_modules/@openclaw/nostr\","
                                  "\"enabled\":" + (installed_disabled ? "false" : "true") +
                                  ",\"trust\":{\"installSource\":\"npm\",\"installSpec\":\"@openclaw/nostr@" +
                                  installed_version + "\"}}";
      return exited(0, "{\"plugins\":[" + plugins + "]}\n");
    }
    return exited(1, "", "unknown command");
  }
};

// The argv a handler ran, less the binary and --profile: "config patch --file ...".
inline std::vector<std::string> openclaw_words(const MemoryHost& host) {
  std::vector<std::string> out;
  for (const std::vector<std::string>& argv : host.commands) {
    std::string line;
    for (std::size_t i = 3; i < argv.size(); ++i) line += (line.empty() ? "" : " ") + argv[i];
    out.push_back(line);
  }
  return out;
}

}  // namespace clawform::testing
