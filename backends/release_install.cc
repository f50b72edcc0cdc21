#include "backends/release_install.h"

#include <sys/utsname.h>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backends/npm_install_record.h"
#include "backends/npm_registry.h"
#include "backends/process_runner.h"
#include "compiler/instance_openclaw.h"

namespace clawform {

namespace {

using nlohmann::json;

// The launcher is a shell script with the prefix's paths in double quotes:
// a prefix with characters a double-quoted sh word would expand is refused.
Status check_quotable(const std::string& path) {
  if (path.find_first_of("\"$`\\\n") != std::string::npos)
    return Status::error(fmt::format("{}: an OpenClaw release prefix must not contain \", $, `, \\ or a newline", path));
  return Status::ok();
}

// `npm install` of one package into `dir`, with `path_first` ahead of the
// operator's PATH (the Node that install scripts must run with).
Status npm_install(Host& host, const ReleaseInstallOptions& options, const std::string& dir, const std::string& spec,
                   const std::string& path_first) {
  ProcessRequest request;
  request.argv = {options.npm, "install", "--prefix", dir, "--no-audit", "--no-fund", "--no-update-notifier",
                  "--loglevel=error", spec};
  request.env = npm_environment();
  if (!path_first.empty()) request.env["PATH"] = path_first + ":" + request.env["PATH"];
  request.timeout = options.timeout;
  request.tag = spec;
  const ProcessResult result = host.run(request);
  if (result.succeeded()) return Status::ok();
  const std::string why = result.err_tail(3);
  return Status::error(fmt::format("`{}`: {}{}", format_argv(request.argv), result.describe(),
                                   why.empty() ? "" : ": " + why));
}

Result<json> read_json(Host& host, const std::string& path) {
  Result<std::string> text = host.read_file(path);
  if (!text) return text.status();
  json doc = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Status::error(path + ": not a JSON object");
  return doc;
}

// The script openclaw's package.json names as its `openclaw` command.
Result<std::string> openclaw_entry(Host& host, const std::string& package_dir) {
  Result<json> manifest = read_json(host, package_dir + "/package.json");
  if (!manifest) return manifest.status();
  const json& bin = (*manifest)["bin"];
  if (bin.is_string()) return bin.get<std::string>();
  if (bin.is_object() && bin.contains("openclaw") && bin["openclaw"].is_string()) return bin["openclaw"].get<std::string>();
  return Status::error(package_dir + "/package.json: no `openclaw` in its bin");
}

std::string launcher_text(const std::string& prefix, const std::string& node_package, const ReleaseRecord& record,
                          const std::string& entry) {
  const std::string node_bin = fmt::format("{}/node/node_modules/{}/bin", prefix, node_package);
  return fmt::format(
      "#!/bin/sh\n"
      "# OpenClaw {} on Node {}, installed by clawform (docs/upgrades.md). Do not edit:\n"
      "# the release is replaced as a whole, never changed in place.\n"
      "PATH=\"{}:$PATH\" exec \"{}/node\" \"{}/openclaw/node_modules/openclaw/{}\" \"$@\"\n",
      record.openclaw_version, record.node_version, node_bin, node_bin, prefix, entry);
}

// Every file of a release: writable by its owner alone, readable (and
// executable where its owner may execute it) by every user, whatever umask
// npm ran under: topology B's users run it, and none may change it for the
// others.
Status share_read_only(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto fix = [&](const fs::path& path) {
    const fs::perms p = fs::symlink_status(path, ec).permissions();
    if (ec || fs::is_symlink(fs::symlink_status(path, ec))) return;
    const bool exec = (p & fs::perms::owner_exec) != fs::perms::none;
    fs::perms want = (p & fs::perms::owner_all) | fs::perms::group_read | fs::perms::others_read;
    if (exec) want |= fs::perms::group_exec | fs::perms::others_exec;
    fs::permissions(path, want, fs::perm_options::replace, ec);
  };
  fix(dir);
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    fix(it->path());
  if (ec) return Status::error(fmt::format("{}: setting the release's modes: {}", dir, ec.message()));
  return Status::ok();
}

json record_json(const ReleaseRecord& r) {
  return {{"openclaw", r.openclaw_version}, {"node_package", r.node_package}, {"node", r.node_version},
          {"integrity", r.integrity}};
}

// Installs into `staging` what will be `prefix` once renamed.
Result<ReleaseRecord> install_into(Host& host, const std::string& staging, const std::string& prefix,
                                   const OpenClawRelease& release, const ReleaseInstallOptions& options,
                                   const std::string& node_package) {
  const std::string node_spec = fmt::format("{}@{}", node_package, release.node_major);
  if (Status done = npm_install(host, options, staging + "/node", node_spec, ""); !done) return done;
  const std::string node_dir = staging + "/node/node_modules/" + node_package;
  Result<json> node_manifest = read_json(host, node_dir + "/package.json");
  if (!node_manifest) return node_manifest.status().prefixed(node_spec + ": ");
  ReleaseRecord record;
  record.openclaw_version = release.version;
  record.node_package = node_package;
  record.node_version = node_manifest->value("version", "");
  if (major_of(record.node_version) != release.node_major)
    return Status::error(fmt::format("{}: npm installed Node {}, not Node {}", node_spec, record.node_version,
                                     release.node_major));

  const std::string spec = "openclaw@" + release.version;
  if (Status done = npm_install(host, options, staging + "/openclaw", spec, node_dir + "/bin"); !done) return done;
  const std::string record_path = staging + "/openclaw/package-lock.json";
  Result<std::string> lock_text = host.read_file(record_path);
  if (!lock_text) return lock_text.status().prefixed("npm's install record: ");
  Result<InstallRecord> installed = parse_install_record(*lock_text, record_path, "openclaw");
  if (!installed) return installed.status();
  if (installed->version != release.version)
    return Status::error(fmt::format("{}: npm installed openclaw@{}, not {}", record_path, installed->version, spec));
  if (options.integrity && installed->integrity != *options.integrity)
    return Status::error(fmt::format("{}: npm installed {} with integrity {}, but clawform.lock says {}", record_path,
                                     spec, installed->integrity, *options.integrity));
  record.integrity = installed->integrity;

  Result<std::string> entry = openclaw_entry(host, staging + "/openclaw/node_modules/openclaw");
  if (!entry) return entry.status();
  if (Status made = host.make_directory(staging + "/bin", 0755); !made) return made;
  if (Status written = host.write_file(release_launcher(staging), launcher_text(prefix, node_package, record, *entry), 0755);
      !written)
    return written;
  if (Status written = host.write_file(release_record_path(staging), record_json(record).dump(2) + "\n", 0644);
      !written)
    return written;
  if (Status shared = share_read_only(staging); !shared) return shared;
  return record;
}

}  // namespace

Result<std::string> node_package_for_host() {
  struct utsname name {};
  if (::uname(&name) != 0) return Status::error("uname failed: the machine's OS and architecture are unknown");
  const std::string os = name.sysname;
  const std::string machine = name.machine;
  const std::string node_os = os == "Linux" ? "linux" : os == "Darwin" ? "darwin" : "";
  const std::string arch = machine == "x86_64" ? "x64" : machine == "aarch64" || machine == "arm64" ? "arm64" : "";
  if (node_os.empty() || arch.empty())
    return Status::error(fmt::format("no Node.js package on npm for {} {}", os, machine));
  return fmt::format("node-{}-{}", node_os, arch);
}

Result<std::optional<ReleaseRecord>> read_release(Host& host, const std::string& prefix,
                                                  const OpenClawRelease& release) {
  if (!host.stat(prefix).exists) return std::optional<ReleaseRecord>();
  const std::string path = release_record_path(prefix);
  Result<json> doc = read_json(host, path);
  if (!doc)
    return Status::error(fmt::format("{} is not an OpenClaw release clawform completed ({}); move it away",
                                     prefix, doc.message()));
  ReleaseRecord record{doc->value("openclaw", ""), doc->value("node_package", ""), doc->value("node", ""),
                       doc->value("integrity", "")};
  if (record.openclaw_version != release.version || major_of(record.node_version) != release.node_major)
    return Status::error(fmt::format("{}: holds OpenClaw {} on Node {}, not {} on Node {}", path,
                                     record.openclaw_version, record.node_version, release.version,
                                     release.node_major));
  return std::optional<ReleaseRecord>(std::move(record));
}

Result<ReleaseInstall> install_release(Host& host, const HostPaths& paths, const OpenClawRelease& release,
                                       const ReleaseInstallOptions& options) {
  const std::string prefix = release_prefix(paths, release);
  if (Status quotable = check_quotable(prefix); !quotable) return quotable;
  Result<std::optional<ReleaseRecord>> existing = read_release(host, prefix, release);
  if (!existing) return existing.status();
  if (*existing) {
    if (options.integrity && (*existing)->integrity != *options.integrity)
      return Status::error(fmt::format("{}: installed with integrity {}, but clawform.lock says {}",
                                       release_record_path(prefix), (*existing)->integrity, *options.integrity));
    return ReleaseInstall{**existing, prefix, false};
  }
  std::string node_package = options.node_package;
  if (node_package.empty()) {
    Result<std::string> detected = node_package_for_host();
    if (!detected) return detected.status();
    node_package = *detected;
  }
  if (Status made = host.make_directory(releases_dir(paths), 0755); !made) return made;
  const std::string staging =
      fmt::format("{}/.staging-{}-{}", releases_dir(paths), release_name(release), new_call_mark());
  if (Status made = host.make_directory(staging, 0755); !made) return made;
  Result<ReleaseRecord> record = install_into(host, staging, prefix, release, options, node_package);
  if (record) {
    if (Status moved = host.rename(staging, prefix); !moved) record = moved;
  }
  if (!record) {
    (void)host.remove(staging);
    return record.status().prefixed(fmt::format("installing OpenClaw {} on Node {}: ", release.version,
                                                 release.node_major));
  }
  return ReleaseInstall{std::move(*record), prefix, true};
}

}  // namespace clawform
