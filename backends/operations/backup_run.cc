#include "backends/operations/backup_run.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/digest.h"
#include "backends/file_io.h"
#include "backends/file_scan.h"
#include "backends/openclaw_cli.h"
#include "backends/process_runner.h"
#include "backends/operations/backup_archive.h"
#include "backends/operations/checklist_capture.h"
#include "compiler/operations/checklist.h"
#include "compiler/project_filter.h"
#include "compiler/secret_values.h"

namespace clawform {

namespace {

namespace fs = std::filesystem;

// OpenClaw's archive can be large; its own `backup create` is not bound by
// the host flags' per-command timeout, which fits quick queries.
constexpr std::chrono::minutes kArchiveTimeout{30};

std::string utc_iso(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string kilobytes(std::uint64_t bytes) {
  return fmt::format("{} kB", (bytes + 500) / 1000);
}

double seconds_since(Host& host, std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(host.now() - start).count();
}

std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const std::size_t colon = dirs.find(':');
    const std::string dir(dirs.substr(0, colon));
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// `path` relative to `dir` when it lies strictly inside it; else "".
std::string relative_inside(const std::string& path, const std::string& dir) {
  if (path.size() > dir.size() + 1 && path.starts_with(dir) && path[dir.size()] == '/')
    return path.substr(dir.size() + 1);
  return "";
}

// What is taken out of OpenClaw's archive, relative to the state dir: the
// instance's .env, credentials/, and each project's key file and secrets
// dir (topology A keeps them under projects/<name>/; in B and C the secrets
// dir is the state dir itself, and only its .env is a secret).
struct SecretPaths {
  std::set<std::string> files;
  std::set<std::string> dirs;

  bool covers(const std::string& relative) const {
    if (files.contains(relative) || dirs.contains(relative)) return true;
    return std::any_of(dirs.begin(), dirs.end(), [&](const std::string& d) { return relative.starts_with(d + "/"); });
  }
};

SecretPaths secret_paths(const InstanceLayout& layout) {
  SecretPaths paths;
  paths.files.insert(".env");
  paths.dirs.insert("credentials");
  for (const ProjectLayout& p : layout.projects) {
    if (std::string rel = relative_inside(p.key_file, layout.state_dir); !rel.empty()) paths.files.insert(rel);
    if (std::string rel = relative_inside(p.secrets_dir, layout.state_dir); !rel.empty()) paths.dirs.insert(rel);
  }
  return paths;
}

// A 0700 directory outside OUT and the state dir, removed when this goes.
class StagingDir {
 public:
  static Result<StagingDir> make(const std::string& parent) {
    std::string base = parent.empty() ? fs::temp_directory_path().string() : parent;
    std::string pattern = base + "/clawform-backup-XXXXXX";
    if (!::mkdtemp(pattern.data()))
      return Status::error(fmt::format("cannot make a staging dir in {}: {}", base, std::strerror(errno)));
    return StagingDir(pattern);
  }
  StagingDir(StagingDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  StagingDir& operator=(StagingDir&&) = delete;
  ~StagingDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit StagingDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The JSON object openclaw printed (it may print a banner line before it).
std::optional<nlohmann::json> json_output(const std::string& out) {
  const std::size_t brace = out.find('{');
  if (brace == std::string::npos) return std::nullopt;
  nlohmann::json j = nlohmann::json::parse(out.begin() + static_cast<std::ptrdiff_t>(brace), out.end(), nullptr,
                                           /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Where the state dir's entries live in the archive: the state asset's
// archivePath, else OpenClaw's documented layout <root>/payload/posix<dir>.
std::string state_prefix(const nlohmann::json& created, const std::string& state_dir) {
  if (auto assets = created.find("assets"); assets != created.end() && assets->is_array())
    for (const nlohmann::json& a : *assets)
      if (a.is_object() && string_field(a, "kind") == "state" && !string_field(a, "archivePath").empty())
        return string_field(a, "archivePath");
  return string_field(created, "archiveRoot") + "/payload/posix" + state_dir;
}

int node_major(const std::optional<std::string>& version) {
  if (!version) return 0;
  int major = 0;
  for (char c : *version) {
    if (c < '0' || c > '9') break;
    major = major * 10 + (c - '0');
  }
  return major;
}

struct InstanceRun {
  Host& host;
  const InstanceLayout& layout;
  const InstanceState& live;
  const HostPaths& paths;
  const BackupOptions& options;
  const std::vector<std::string>& recipients;
  std::string age;
  std::string set_partial;  // OUT/.partial-<stamp>
  long mtime = 0;
};

Result<BackupInstance> backup_instance(const InstanceRun& run) {
  Host& host = run.host;
  const InstanceLayout& layout = run.layout;
  const auto started = host.now();
  const std::string name = layout.instance;
  BackupInstance out;
  out.instance = name;
  out.projects = run.live.projects;
  out.openclaw_version = run.live.openclaw_version.value_or("");
  out.node_major = node_major(run.live.node_version);
  out.state_dir = layout.state_dir;

  if (host.stat(layout.state_dir).type != "dir")
    return Status::error(fmt::format("no state dir at {}: nothing to back up (apply the manifest first)",
                                     layout.state_dir));

  // The instance's key values, only to scrub them out of what openclaw says.
  SecretValues seen;
  for (const ProjectLayout& p : layout.projects)
    if (host.stat(p.key_file).type == "file")
      if (Result<std::string> text = host.read_file(p.key_file))
        for (const auto& [key, value] : parse_dotenv(*text)) seen.remember(p.key_file + " " + key, value);
  auto failed = [&](const ProcessRequest& request, const ProcessResult& result) {
    return Status::error(seen.redact(fmt::format("`{}` failed: {}", format_argv(request.argv), describe_failure(result))));
  };

  Result<StagingDir> staging = StagingDir::make(run.options.staging_parent);
  if (!staging) return staging.status();
  if (layout.account)
    if (Status s = host.set_owner(staging->path(), *layout.account); !s) return s;

  // OpenClaw's own archive, as the instance runs openclaw.
  const std::string created_path = staging->path() + "/openclaw-backup.tar.gz";
  OpenClawCli cli(run.options.discover.openclaw, layout, run.paths, kArchiveTimeout);
  ProcessRequest create = cli.request({"backup", "create", "--output", created_path, "--verify", "--json"});
  create.tag = name;
  ProcessResult created = host.run(create);
  if (!created.succeeded()) return failed(create, created);
  std::optional<nlohmann::json> created_json = json_output(created.out);
  if (!created_json)
    return Status::error(fmt::format("`{}` printed no JSON object", format_argv(create.argv)));
  out.archive_root = string_field(*created_json, "archiveRoot");
  const std::string archive = string_field(*created_json, "archivePath").empty()
                                  ? created_path
                                  : string_field(*created_json, "archivePath");

  // The copy without secrets, verified by OpenClaw in the staging dir.
  const std::string prefix = state_prefix(*created_json, layout.state_dir) + "/";
  const SecretPaths secrets = secret_paths(layout);
  auto take = [&](std::string_view entry) -> std::optional<std::string> {
    std::string name_(entry);
    while (name_.ends_with('/')) name_.pop_back();
    if (!name_.starts_with(prefix)) return std::nullopt;
    std::string relative = name_.substr(prefix.size());
    if (!secrets.covers(relative)) return std::nullopt;
    return relative;
  };
  const std::string kept_path = staging->path() + "/state.tar.gz";
  Result<ArchiveCopy> copy = copy_archive_without(archive, kept_path, take);
  std::error_code ignored;
  fs::remove(archive, ignored);  // the copy with secrets goes as soon as it is read
  if (!copy) return copy.status();
  if (layout.account)
    if (Status s = host.set_owner(kept_path, *layout.account); !s) {
      wipe(copy->taken);
      return s;
    }
  out.removed_from_archive = copy->removed;
  ProcessRequest verify = cli.request({"backup", "verify", kept_path, "--json"});
  verify.tag = name;
  ProcessResult verified = host.run(verify);
  if (!verified.succeeded()) {
    wipe(copy->taken);
    return failed(verify, verified);
  }

  // The secrets: what was taken out, and the service file(s).
  std::vector<TarMember> members = std::move(copy->taken);
  std::sort(members.begin(), members.end(), [](const TarMember& a, const TarMember& b) { return a.name < b.name; });
  if (host.stat(layout.service_file).type == "file") {
    Result<std::string> service = host.read_file(layout.service_file);
    if (!service) {
      wipe(members);
      return Status::error(fmt::format("cannot read the service file: {}", service.message()));
    }
    members.push_back({"service", true, 0700});
    members.push_back({"service/" + fs::path(layout.service_file).filename().string(), false, 0600, *service});
  }
  Result<std::string> tar = tar_in_memory(members, run.mtime);
  std::vector<std::string> contains;
  for (const TarMember& m : members) contains.push_back(m.directory ? m.name + "/" : m.name);
  wipe(members);
  if (!tar) return tar.status();

  const std::string dir = run.set_partial + "/" + name;
  if (Status s = make_dirs(dir, 0700); !s) return s;
  const std::string state_file = dir + "/state.tar.gz";
  const std::string secrets_file = dir + "/secrets.tar.age";
  if (Status s = host.rename(kept_path, state_file); !s) {
    // Another filesystem: copy it (the copy is born 0600).
    std::error_code error;
    fs::copy_file(kept_path, state_file, fs::copy_options::overwrite_existing, error);
    if (error) {
      std::fill(tar->begin(), tar->end(), '\0');
      return Status::error(fmt::format("cannot move the archive to {}: {}", state_file, error.message()));
    }
  }
  ::chmod(state_file.c_str(), 0600);

  ProcessRequest encrypt;
  encrypt.argv = {run.age};
  for (const std::string& r : run.recipients) {
    encrypt.argv.push_back("-r");
    encrypt.argv.push_back(r);
  }
  encrypt.argv.push_back("-o");
  encrypt.argv.push_back(secrets_file);
  encrypt.env = {{"PATH", "/usr/bin:/bin"}};
  encrypt.timeout = std::chrono::seconds(120);
  encrypt.tag = name;
  encrypt.input = std::move(*tar);
  ProcessResult encrypted = host.run(encrypt);
  std::fill(encrypt.input.begin(), encrypt.input.end(), '\0');
  if (!encrypted.succeeded()) return failed(encrypt, encrypted);
  if (::chmod(secrets_file.c_str(), 0600) != 0)
    return Status::error(fmt::format("cannot chmod {}: {}", secrets_file, std::strerror(errno)));

  for (const auto& [role, path] : {std::pair{"state", state_file}, std::pair{"secrets", secrets_file}}) {
    Result<std::string> digest = sha256_file(path);
    if (!digest) return digest.status();
    BackupFile file{role, name + "/" + fs::path(path).filename().string(), host.stat(path).size, *digest};
    if (file.role == "secrets") file.contains = contains;
    out.files.push_back(std::move(file));
  }
  out.seconds = seconds_since(host, started);
  return out;
}

// Removes the .partial- sets an interrupted run left in `out_dir`.
std::vector<std::string> remove_partials(Host& host, const std::string& out_dir) {
  std::vector<std::string> removed;
  std::error_code error;
  for (const fs::directory_entry& e : fs::directory_iterator(out_dir, error)) {
    const std::string name = e.path().filename().string();
    if (!name.starts_with(kPartialPrefix) || !is_backup_set_name(name.substr(kPartialPrefix.size()))) continue;
    if (host.remove(e.path().string())) removed.push_back(e.path().string());
  }
  return removed;
}

// The complete sets in `out_dir`: directories named like one whose
// index.json is a clawform backup index. Nothing else is ever touched.
std::vector<std::string> complete_sets(Host& host, const std::string& out_dir) {
  std::vector<std::string> sets;
  std::error_code error;
  for (const fs::directory_entry& e : fs::directory_iterator(out_dir, error)) {
    const std::string name = e.path().filename().string();
    if (!is_backup_set_name(name) || host.stat(e.path().string()).type != "dir") continue;
    Result<std::string> text = host.read_file(e.path().string() + "/index.json");
    if (!text) continue;
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded() && backup_index_from_json(j)) sets.push_back(name);
  }
  return sets;
}

Result<Manifest> selected(const Manifest& manifest, const std::vector<std::string>& projects) {
  if (projects.empty()) return manifest;
  if (manifest.topology != Topology::A) return select_projects(manifest, projects);
  for (const std::string& p : projects)
    if (std::none_of(manifest.projects.begin(), manifest.projects.end(), [&](const Project& q) { return q.name == p; }))
      return Status::error(fmt::format("--project {}: the manifest has no such project", p));
  return manifest;  // one instance serves every project: it is backed up whole
}

}  // namespace

Result<BackupReport> run_backup(Host& host, const Manifest& full, const HostPaths& paths,
                                const BackupOptions& options) {
  const auto started = host.now();
  auto say = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  Result<Manifest> chosen = selected(full, options.projects);
  if (!chosen) return chosen.status();
  const Manifest& manifest = *chosen;
  if (manifest.topology == Topology::A && !options.projects.empty())
    say("topology A: one OpenClaw instance serves every project; it is backed up whole");

  const std::string age = options.age.empty() ? find_on_path("age") : options.age;
  if (age.empty() || ::access(age.c_str(), X_OK) != 0)
    return Status::error("age is not installed (Debian: apt-get install age): it encrypts the backup's secrets");
  if (Status s = make_dirs(options.out_dir, 0700); !s) return s;

  BackupReport report;
  report.removed_partials = remove_partials(host, options.out_dir);
  for (const std::string& p : report.removed_partials)
    say(fmt::format("removed {}: a backup that did not finish", p));

  const auto now = std::chrono::system_clock::now();
  const std::string stamp = backup_set_name(now);
  report.set_dir = options.out_dir + "/" + stamp;
  const std::string partial = options.out_dir + "/" + partial_set_name(stamp);
  if (host.stat(report.set_dir).exists)
    return Status::error(fmt::format("{} already exists: a backup set of this second", report.set_dir));

  BackupIndex& index = report.index;
  index.created_at = utc_iso(now);
  index.clawform_version = CLAWFORM_VERSION;
  index.fleet = manifest.fleet;
  index.region = manifest.region;
  index.topology = std::string(topology_name(manifest.topology));
  for (const BackupRecipient& r : manifest.backup->recipients) index.recipients.push_back(r.recipient);

  // What the host looked like, for the restore drill to compare against.
  LiveState live = discover(host, manifest, options.discover);
  Checklist checklist{utc_iso(now), "backup", {}};
  for (const InstanceState& instance : live.instances)
    for (ProjectChecklist& p : instance_checklist(instance)) checklist.projects.push_back(std::move(p));
  index.checklist = checklist_to_json(checklist);

  std::vector<InstanceLayout> layouts = layout_instances(manifest, paths);
  if (Status s = make_dirs(partial, 0700); !s) return s;
  auto abandon = [&](Status why) {
    static_cast<void>(host.remove(partial));
    return why;
  };
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    InstanceLayout& layout = layouts[i];
    layout.openclaw = service_binary(host, layout);
    if (!layout.openclaw.empty() && ::access(layout.openclaw.c_str(), X_OK) != 0) layout.openclaw.clear();
    InstanceRun run{host, layout, live.instances[i], paths, options, index.recipients, age, partial,
                    static_cast<long>(std::chrono::system_clock::to_time_t(now))};
    Result<BackupInstance> done = backup_instance(run);
    if (!done) return abandon(done.status().prefixed(fmt::format("backup {}: ", fmt::join(live.instances[i].projects, ", "))));
    const BackupFile& state = done->files[0];
    const BackupFile& secrets = done->files[1];
    say(fmt::format("backup {}: state {} (verified), secrets {} (age, {} recipient{}), {:.1f} s",
                    fmt::join(done->projects, ", "), kilobytes(state.bytes), kilobytes(secrets.bytes),
                    index.recipients.size(), index.recipients.size() == 1 ? "" : "s", done->seconds));
    index.instances.push_back(std::move(*done));
  }

  const std::string text = backup_index_to_json(index).dump(2) + "\n";
  if (Status s = host.write_file(partial + "/index.json", text, 0600); !s) return abandon(s);
  if (Status s = host.rename(partial, report.set_dir); !s) return abandon(s);

  if (options.keep) {
    for (const std::string& old : sets_beyond_keep(complete_sets(host, options.out_dir), *options.keep)) {
      if (old == stamp) continue;  // never the set just written, whatever the clock did
      const std::string path = options.out_dir + "/" + old;
      if (Status s = host.remove(path); !s) return Status::error(fmt::format("retention: {}", s.message()));
      report.removed_sets.push_back(path);
      say(fmt::format("removed {} (keep {})", path, *options.keep));
    }
  }
  report.seconds = seconds_since(host, started);
  return report;
}

}  // namespace clawform
