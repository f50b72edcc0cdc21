#include "backends/path_snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/sqlite_copy.h"

namespace clawform {

namespace fs = std::filesystem;

namespace {

Status failure(const std::string& call, const std::string& path) {
  return Status::error(fmt::format("{}: {}: {}", path, call, std::strerror(errno)));
}

Status failure(const std::string& call, const std::string& path, const std::error_code& ec) {
  return Status::error(fmt::format("{}: {}: {}", path, call, ec.message()));
}

// How copy_tree() copies the regular files it meets.
enum class Copy {
  Bytes,     // byte for byte (a saved copy being put back)
  LiveTree,  // the host's: an SQLite database in use is read through SQLite
             // (sqlite_copy.h) and its -wal and -shm files are left out
  Database,  // `from` is a database in use, as the caller found it
};

Status copy_regular(const fs::path& from, const fs::path& to, unsigned mode, Copy how) {
  if (how == Copy::Database || (how == Copy::LiveTree && sqlite_database_in_use(from))) {
    if (Status copied = copy_database(from, to); !copied) return copied;
  } else {
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return failure("copy_file", to, ec);
  }
  if (::chmod(to.c_str(), mode) != 0) return failure("chmod", to);
  return Status::ok();
}

// Gives `path` the owner `uid`:`gid` when clawform can (it runs as root):
// an instance's files stay its user's through a save and a restore (topology
// B on real users). Otherwise ownership is the caller's, as it was.
Status keep_owner(const fs::path& path, uid_t uid, gid_t gid) {
  if (::geteuid() != 0) return Status::ok();
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && st.st_uid == uid && st.st_gid == gid) return Status::ok();
  if (::lchown(path.c_str(), uid, gid) != 0) return failure("chown", path);
  return Status::ok();
}

// Copies regular files, directories and symlinks of the tree at `from` to
// `to` (which must not exist), keeping permission bits. Sockets and FIFOs
// (a running gateway's) are not content and are skipped.
Status copy_tree(const fs::path& from, const fs::path& to, Copy how) {
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) return failure("lstat", from);
  std::error_code ec;
  if (S_ISLNK(st.st_mode)) {
    fs::copy_symlink(from, to, ec);
    return ec ? failure("copy_symlink", to, ec) : keep_owner(to, st.st_uid, st.st_gid);
  }
  if (S_ISREG(st.st_mode)) {
    if (Status copied = copy_regular(from, to, st.st_mode & 07777, how); !copied) return copied;
    return keep_owner(to, st.st_uid, st.st_gid);
  }
  if (!S_ISDIR(st.st_mode)) return Status::ok();

  if (::mkdir(to.c_str(), 0700) != 0) return failure("mkdir", to);
  std::vector<fs::path> entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(from, ec)) entries.push_back(entry.path());
  if (ec) return failure("readdir", from, ec);
  // Decided once per database: a database read through SQLite must not
  // get the -wal it was read with beside its copy.
  std::set<std::string> databases;
  if (how == Copy::LiveTree)
    for (const fs::path& entry : entries)
      if (sqlite_database_in_use(entry)) databases.insert(entry.filename());
  for (const fs::path& entry : entries) {
    const std::string name = entry.filename();
    const bool wal_or_shm = name.ends_with("-wal") || name.ends_with("-shm");
    if (wal_or_shm && databases.contains(name.substr(0, name.size() - 4))) continue;
    Copy child = databases.contains(name) ? Copy::Database : how;
    if (child == Copy::LiveTree && !fs::is_directory(fs::symlink_status(entry))) child = Copy::Bytes;
    if (Status copied = copy_tree(entry, to / name, child); !copied) return copied;
  }
  if (::chmod(to.c_str(), st.st_mode & 07777) != 0) return failure("chmod", to);
  return keep_owner(to, st.st_uid, st.st_gid);
}

Status remove_tree(const std::string& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
  return ec ? failure("remove", path, ec) : Status::ok();
}

// The highest ancestor of the missing `path` that is missing too, below `floor`.
std::string highest_missing(const std::string& path, const std::string& floor) {
  fs::path missing(path);
  for (fs::path parent = missing.parent_path(); parent.string().size() > floor.size() && parent != missing;
       parent = parent.parent_path()) {
    struct stat st {};
    if (::lstat(parent.c_str(), &st) == 0) break;
    missing = parent;
  }
  return missing.string();
}

void sync_saved(const std::string& save_dir) {
  int fd = ::open(save_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
#ifdef __linux__
  ::syncfs(fd);
#else
  ::sync();
#endif
  ::close(fd);
}

Result<nlohmann::json> save_one(const SavedPath& saved, std::size_t index, const std::string& floor,
                                const std::string& save_dir) {
  struct stat st {};
  if (::lstat(saved.path.c_str(), &st) != 0) {
    if (errno != ENOENT) return failure("lstat", saved.path);
    return nlohmann::json{{"path", highest_missing(saved.path, floor)}, {"state", "absent"}};
  }
  const std::string copy = std::to_string(index);
  const unsigned mode = st.st_mode & 07777;
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    fs::path target = fs::read_symlink(saved.path, ec);
    if (ec) return failure("readlink", saved.path, ec);
    return nlohmann::json{{"path", saved.path}, {"state", "symlink"}, {"target", target.string()}};
  }
  if (S_ISREG(st.st_mode)) {
    if (Status copied = copy_tree(saved.path, fs::path(save_dir) / copy, Copy::LiveTree); !copied) return copied;
    return nlohmann::json{{"path", saved.path}, {"state", "file"}, {"mode", mode}, {"copy", copy},
                          {"uid", st.st_uid}, {"gid", st.st_gid}};
  }
  if (S_ISDIR(st.st_mode) && saved.whole_tree) {
    if (Status copied = copy_tree(saved.path, fs::path(save_dir) / copy, Copy::LiveTree); !copied) return copied;
    return nlohmann::json{{"path", saved.path}, {"state", "tree"}, {"mode", mode}, {"copy", copy}};
  }
  if (S_ISDIR(st.st_mode))
    return nlohmann::json{{"path", saved.path}, {"state", "dir"}, {"mode", mode}, {"uid", st.st_uid}, {"gid", st.st_gid}};
  return Status::error(saved.path + " is neither a file, a directory nor a symlink; clawform will not change it");
}

Status ensure_parent(const std::string& path) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  return ec ? failure("mkdir", fs::path(path).parent_path().string(), ec) : Status::ok();
}

// Records made before owners were kept have none: ownership stays as made.
Status restore_owner(const nlohmann::json& entry, const std::string& path) {
  if (!entry.contains("uid") || !entry.contains("gid")) return Status::ok();
  return keep_owner(path, entry.at("uid").get<uid_t>(), entry.at("gid").get<gid_t>());
}

Status restore_one(const nlohmann::json& entry, const std::string& save_dir) {
  const std::string path = entry.at("path");
  const std::string state = entry.at("state");
  if (state == "absent") return remove_tree(path);
  if (state == "dir") {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
      if (Status removed = remove_tree(path); !removed) return removed;
    if (Status parent = ensure_parent(path); !parent) return parent;
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) return failure("mkdir", path);
    if (::chmod(path.c_str(), entry.at("mode").get<unsigned>()) != 0) return failure("chmod", path);
    return restore_owner(entry, path);
  }
  if (Status removed = remove_tree(path); !removed) return removed;
  if (Status parent = ensure_parent(path); !parent) return parent;
  if (state == "symlink") {
    std::error_code ec;
    fs::create_symlink(entry.at("target").get<std::string>(), path, ec);
    return ec ? failure("symlink", path, ec) : Status::ok();
  }
  const fs::path copy = fs::path(save_dir) / entry.at("copy").get<std::string>();
  if (state == "file") {
    Result<std::string> bytes = read_file(copy.string(), std::size_t{1} << 34);
    if (!bytes) return bytes.status();
    if (Status written = write_file_atomic(path, *bytes, entry.at("mode").get<unsigned>()); !written) return written;
    return restore_owner(entry, path);
  }
  if (state == "tree") return copy_tree(copy, path, Copy::Bytes);
  return Status::error(fmt::format("{}: unknown saved state \"{}\"", path, state));
}

}  // namespace

Result<nlohmann::json> save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                  const std::string& save_dir) {
  // A save interrupted by a crash left copies behind; start over.
  if (Status removed = remove_tree(save_dir); !removed) return removed;
  std::error_code ec;
  fs::create_directories(save_dir, ec);
  if (ec) return failure("mkdir", save_dir, ec);
  if (::chmod(save_dir.c_str(), 0700) != 0) return failure("chmod", save_dir);
  nlohmann::json record = nlohmann::json::array();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    Result<nlohmann::json> entry = save_one(paths[i], i, floor, save_dir);
    if (!entry) return entry.status();
    record.push_back(std::move(*entry));
  }
  sync_saved(save_dir);
  return record;
}

Status restore_paths(const nlohmann::json& record, const std::string& save_dir) {
  try {
    for (auto it = record.rbegin(); it != record.rend(); ++it)
      if (Status restored = restore_one(*it, save_dir); !restored) return restored;
  } catch (const nlohmann::json::exception& e) {
    return Status::error(std::string("the journal's undo record is damaged: ") + e.what());
  }
  return Status::ok();
}

}  // namespace clawform
