#include "backends/path_snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
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

// The modes of a saved tree's entries, by path relative to its top. Saved
// copies are private (files 0600, directories 0700, from the first byte:
// they may hold secrets); the modes they stand for are kept beside them in
// "<copy>.modes" and given back when the tree is restored.
using ModeMap = std::map<std::string, unsigned>;
constexpr unsigned kSavedFileMode = 0600;
constexpr unsigned kSavedDirMode = 0700;

struct TreeCopy {
  ModeMap* saving = nullptr;           // set: a save (private copies, modes recorded here)
  const ModeMap* restoring = nullptr;  // set: the modes to give back (else the copies' own)
};

unsigned mode_for(const TreeCopy& copy, const std::string& relative, unsigned own) {
  if (copy.saving) {
    (*copy.saving)[relative] = own & 07777;
    return S_ISDIR(own) ? kSavedDirMode : kSavedFileMode;
  }
  if (copy.restoring)
    if (auto it = copy.restoring->find(relative); it != copy.restoring->end()) return it->second & 07777;
  return own & 07777;
}

// `from`'s bytes into a new file `to` created with `mode` (open(2) with the
// mode: never wider than it under any umask), then given exactly `mode`.
Status copy_bytes(const fs::path& from, const fs::path& to, unsigned mode) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return failure("open", from);
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (out < 0) {
    Status failed = failure("open", to);
    ::close(in);
    return failed;
  }
  Status result = Status::ok();
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      result = failure("read", from);
      break;
    }
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buffer + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        result = failure("write", to);
        break;
      }
      done += w;
    }
    if (!result) break;
  }
  if (result && ::fchmod(out, mode) != 0) result = failure("fchmod", to);
  ::close(in);
  if (::close(out) != 0 && result) result = failure("close", to);
  return result;
}

Status copy_regular(const fs::path& from, const fs::path& to, unsigned mode, Copy how) {
  if (how == Copy::Database || (how == Copy::LiveTree && sqlite_database_in_use(from))) {
    // Made empty with its mode first: SQLite then opens it as it is (and
    // gives its journal files the same mode) instead of creating it 0644.
    int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) return failure("open", to);
    ::close(fd);
    if (Status copied = copy_database(from, to); !copied) return copied;
    if (::chmod(to.c_str(), mode) != 0) return failure("chmod", to);
    return Status::ok();
  }
  return copy_bytes(from, to, mode);
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
// `to` (which must not exist), with the modes `copy` gives (mode_for()).
// Sockets and FIFOs (a running gateway's) are not content and are skipped.
// An entry below the top that vanishes while the tree is walked (a running
// gateway's temporary file in tmp/) is left out: the copy is of the tree
// as it is without it. The top itself vanishing is an error.
Status copy_tree(const fs::path& from, const fs::path& to, Copy how, const TreeCopy& copy,
                 const std::string& relative = "") {
  struct stat st {};
  if (::lstat(from.c_str(), &st) != 0) {
    if (errno == ENOENT && !relative.empty()) return Status::ok();
    return failure("lstat", from);
  }
  std::error_code ec;
  auto gone = [&] { return !relative.empty() && ::access(from.c_str(), F_OK) != 0 && errno == ENOENT; };
  if (S_ISLNK(st.st_mode)) {
    fs::copy_symlink(from, to, ec);
    if (ec) return gone() ? Status::ok() : failure("copy_symlink", to, ec);
    return keep_owner(to, st.st_uid, st.st_gid);
  }
  if (S_ISREG(st.st_mode)) {
    if (Status copied = copy_regular(from, to, mode_for(copy, relative, st.st_mode), how); !copied) {
      if (!gone()) return copied;
      ::unlink(to.c_str());
      return Status::ok();
    }
    return keep_owner(to, st.st_uid, st.st_gid);
  }
  if (!S_ISDIR(st.st_mode)) return Status::ok();

  const unsigned dir_mode = mode_for(copy, relative, st.st_mode);
  if (::mkdir(to.c_str(), 0700) != 0) return failure("mkdir", to);
  std::vector<fs::path> entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(from, ec)) entries.push_back(entry.path());
  if (ec) {
    if (!gone()) return failure("readdir", from, ec);
    ::rmdir(to.c_str());
    return Status::ok();
  }
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
    const std::string child_relative = relative.empty() ? name : relative + "/" + name;
    if (Status copied = copy_tree(entry, to / name, child, copy, child_relative); !copied) return copied;
  }
  if (::chmod(to.c_str(), dir_mode) != 0) return failure("chmod", to);
  return keep_owner(to, st.st_uid, st.st_gid);
}

std::string modes_path(const fs::path& copy) { return copy.string() + ".modes"; }

// The modes kept beside a saved tree; nullopt for a journal written before
// saved copies were private (its copies kept their own modes).
Result<std::optional<ModeMap>> saved_modes(const fs::path& copy) {
  if (::access(modes_path(copy).c_str(), F_OK) != 0) return std::optional<ModeMap>();
  Result<std::string> text = read_file(modes_path(copy));
  if (!text) return text.status();
  nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, false);
  if (!parsed.is_object()) return Status::error(modes_path(copy) + ": not a saved tree's modes");
  try {
    return std::optional<ModeMap>(parsed.get<ModeMap>());
  } catch (const nlohmann::json::exception&) {
    return Status::error(modes_path(copy) + ": not a saved tree's modes");
  }
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

// The copies on disk before the step may change what they stand for: a
// write-back error (ENOSPC, EIO on a file system that allocates late) shows
// here, not in write(2), and fails the save.
Status sync_saved(const std::string& save_dir) {
  int fd = ::open(save_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return failure("open", save_dir);
#ifdef __linux__
  const int synced = ::syncfs(fd);
#else
  ::sync();
  const int synced = ::fsync(fd);
#endif
  Status result = synced == 0 ? Status::ok() : failure("sync", save_dir);
  ::close(fd);
  return result;
}

Result<nlohmann::json> save_one(const SavedPath& saved, std::size_t index, const std::string& floor,
                                const std::string& save_dir) {
  struct stat st {};
  if (::lstat(saved.path.c_str(), &st) != 0) {
    if (errno != ENOENT) return failure("lstat", saved.path);
    nlohmann::json entry{{"path", highest_missing(saved.path, floor)}, {"state", "absent"}};
    if (entry.at("path") != saved.path) entry["target"] = saved.path;
    return entry;
  }
  const std::string copy = std::to_string(index);
  const unsigned mode = st.st_mode & 07777;
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    fs::path target = fs::read_symlink(saved.path, ec);
    if (ec) return failure("readlink", saved.path, ec);
    return nlohmann::json{{"path", saved.path}, {"state", "symlink"}, {"target", target.string()}};
  }
  ModeMap modes;
  const TreeCopy saving{.saving = &modes, .restoring = nullptr};
  if (S_ISREG(st.st_mode)) {
    if (Status copied = copy_tree(saved.path, fs::path(save_dir) / copy, Copy::LiveTree, saving); !copied)
      return copied;
    return nlohmann::json{{"path", saved.path}, {"state", "file"}, {"mode", mode}, {"copy", copy},
                          {"uid", st.st_uid}, {"gid", st.st_gid}};
  }
  if (S_ISDIR(st.st_mode) && saved.whole_tree) {
    if (Status copied = copy_tree(saved.path, fs::path(save_dir) / copy, Copy::LiveTree, saving); !copied)
      return copied;
    if (Status kept = write_file_atomic(modes_path(fs::path(save_dir) / copy), nlohmann::json(modes).dump(),
                                        kSavedFileMode);
        !kept)
      return kept;
    return nlohmann::json{{"path", saved.path}, {"state", "tree"}, {"mode", mode}, {"copy", copy}};
  }
  if (S_ISDIR(st.st_mode))
    return nlohmann::json{{"path", saved.path}, {"state", "dir"}, {"mode", mode}, {"uid", st.st_uid}, {"gid", st.st_gid}};
  return Status::error(saved.path + " is neither a file, a directory nor a symlink; clawform will not change it");
}

// Parents a restore needs (0755, never wider under any umask: make_dirs()).
Status ensure_parent(const std::string& path) { return make_dirs(fs::path(path).parent_path().string(), 0755); }

// Records made before owners were kept have none: ownership stays as made.
Status restore_owner(const nlohmann::json& entry, const std::string& path) {
  if (!entry.contains("uid") || !entry.contains("gid")) return Status::ok();
  return keep_owner(path, entry.at("uid").get<uid_t>(), entry.at("gid").get<gid_t>());
}

// The directories from `target`'s parent up to `top` (its highest created
// parent), deepest first.
std::vector<fs::path> created_parents(const std::string& target, const std::string& top) {
  std::vector<fs::path> parents;
  for (fs::path p = fs::path(target).parent_path(); p.string().size() >= top.size() && p != p.parent_path();
       p = p.parent_path())
    parents.push_back(p);
  return parents;
}

// KeepShared: the target, then each created parent that is empty.
Status remove_keeping_shared(const nlohmann::json& entry) {
  const std::string target = entry.at("target");
  if (Status removed = remove_tree(target); !removed) return removed;
  for (const fs::path& parent : created_parents(target, entry.at("path"))) {
    if (::rmdir(parent.c_str()) == 0 || errno == ENOENT) continue;
    if (errno == ENOTEMPTY || errno == EEXIST) break;  // it holds another instance's paths
    return failure("rmdir", parent.string());
  }
  return Status::ok();
}

Status restore_one(const nlohmann::json& entry, const std::string& save_dir, MissingParents parents) {
  const std::string path = entry.at("path");
  const std::string state = entry.at("state");
  if (state == "absent")
    return parents == MissingParents::KeepShared && entry.contains("target") ? remove_keeping_shared(entry)
                                                                             : remove_tree(path);
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
  if (state == "tree") {
    Result<std::optional<ModeMap>> modes = saved_modes(copy);
    if (!modes) return modes.status();
    return copy_tree(copy, path, Copy::Bytes, {.saving = nullptr, .restoring = *modes ? &**modes : nullptr});
  }
  return Status::error(fmt::format("{}: unknown saved state \"{}\"", path, state));
}

std::string octal(unsigned mode) { return fmt::format("{:04o}", mode & 07777); }

bool same_bytes(const fs::path& a, const fs::path& b) {
  Result<std::string> left = read_file(a.string(), std::size_t{1} << 34);
  Result<std::string> right = read_file(b.string(), std::size_t{1} << 34);
  return left && right && *left == *right;
}

// `path` against the saved copy `copy` (entry `relative` of its tree).
Status verify_copy(const fs::path& copy, const fs::path& path, const ModeMap* modes, const std::string& relative) {
  struct stat want {}, have {};
  if (::lstat(copy.c_str(), &want) != 0) return failure("lstat", copy);
  if (::lstat(path.c_str(), &have) != 0)
    return Status::error(fmt::format("{} is missing; it existed before the apply", path.string()));
  if ((want.st_mode & S_IFMT) != (have.st_mode & S_IFMT))
    return Status::error(fmt::format("{} is not of the type it was before the apply", path.string()));
  if (S_ISLNK(want.st_mode)) {
    std::error_code ec;
    if (fs::read_symlink(copy, ec) != fs::read_symlink(path, ec) || ec)
      return Status::error(fmt::format("{} points elsewhere than before the apply", path.string()));
    return Status::ok();
  }
  unsigned mode = want.st_mode & 07777;
  if (modes)
    if (auto it = modes->find(relative); it != modes->end()) mode = it->second & 07777;
  if ((have.st_mode & 07777) != mode)
    return Status::error(fmt::format("{} is mode {}; it was {} before the apply", path.string(),
                                     octal(have.st_mode), octal(mode)));
  if (S_ISREG(want.st_mode)) {
    if (!same_bytes(copy, path))
      return Status::error(fmt::format("{} differs from its saved copy", path.string()));
    return Status::ok();
  }
  if (!S_ISDIR(want.st_mode)) return Status::ok();
  std::error_code ec;
  std::set<std::string> names;
  for (const fs::directory_entry& entry : fs::directory_iterator(copy, ec)) names.insert(entry.path().filename());
  if (ec) return failure("readdir", copy.string(), ec);
  for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
    const std::string name = entry.path().filename();
    struct stat st {};
    if (names.contains(name) || ::lstat(entry.path().c_str(), &st) != 0) continue;
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))
      return Status::error(fmt::format("{} exists; it did not before the apply", entry.path().string()));
  }
  if (ec) return failure("readdir", path.string(), ec);
  for (const std::string& name : names)
    if (Status same = verify_copy(copy / name, path / name, modes, relative.empty() ? name : relative + "/" + name);
        !same)
      return same;
  return Status::ok();
}

// KeepShared: the target is gone, and each created parent too unless it is
// a directory that holds something.
Status verify_keeping_shared(const nlohmann::json& entry) {
  const std::string target = entry.at("target");
  struct stat st {};
  if (::lstat(target.c_str(), &st) == 0)
    return Status::error(fmt::format("{} exists; it did not before the apply", target));
  for (const fs::path& parent : created_parents(target, entry.at("path"))) {
    if (::lstat(parent.c_str(), &st) != 0) continue;
    std::error_code ec;
    if (!S_ISDIR(st.st_mode) || fs::is_empty(parent, ec))
      return Status::error(fmt::format("{} exists; it did not before the apply", parent.string()));
  }
  return Status::ok();
}

Status verify_one(const nlohmann::json& entry, const std::string& save_dir, MissingParents parents) {
  const std::string path = entry.at("path");
  const std::string state = entry.at("state");
  if (state == "absent" && parents == MissingParents::KeepShared && entry.contains("target"))
    return verify_keeping_shared(entry);
  struct stat st {};
  const bool exists = ::lstat(path.c_str(), &st) == 0;
  if (state == "absent") {
    if (exists) return Status::error(fmt::format("{} exists; it did not before the apply", path));
    return Status::ok();
  }
  if (!exists) return Status::error(fmt::format("{} is missing; it existed before the apply", path));
  if (state == "dir") {
    const unsigned mode = entry.at("mode").get<unsigned>();
    if (!S_ISDIR(st.st_mode)) return Status::error(fmt::format("{} is no longer a directory", path));
    if ((st.st_mode & 07777) != mode)
      return Status::error(fmt::format("{} is mode {}; it was {} before the apply", path, octal(st.st_mode),
                                       octal(mode)));
    return Status::ok();
  }
  if (state == "symlink") {
    std::error_code ec;
    if (!S_ISLNK(st.st_mode) || fs::read_symlink(path, ec).string() != entry.at("target").get<std::string>())
      return Status::error(fmt::format("{} is not the symlink it was before the apply", path));
    return Status::ok();
  }
  const fs::path copy = fs::path(save_dir) / entry.at("copy").get<std::string>();
  if (state == "file") {
    const unsigned mode = entry.at("mode").get<unsigned>();
    if (!S_ISREG(st.st_mode)) return Status::error(fmt::format("{} is no longer a regular file", path));
    if ((st.st_mode & 07777) != mode)
      return Status::error(fmt::format("{} is mode {}; it was {} before the apply", path, octal(st.st_mode),
                                       octal(mode)));
    if (!same_bytes(copy, path)) return Status::error(fmt::format("{} differs from its saved copy", path));
    return Status::ok();
  }
  if (state == "tree") {
    Result<std::optional<ModeMap>> modes = saved_modes(copy);
    if (!modes) return modes.status();
    return verify_copy(copy, path, *modes ? &**modes : nullptr, "");
  }
  return Status::error(fmt::format("{}: unknown saved state \"{}\"", path, state));
}

}  // namespace

Result<nlohmann::json> save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                  const std::string& save_dir) {
  // A save interrupted by a crash left copies behind; start over.
  if (Status removed = remove_tree(save_dir); !removed) return removed;
  if (Status made = make_dirs(save_dir, 0700, 0700); !made) return made;
  nlohmann::json record = nlohmann::json::array();
  // A save that fails (a full disk, most likely) leaves no copies behind:
  // they protect nothing (the step does not run) and would keep the disk
  // full for the rollback of the steps before.
  auto abandon = [&](Status failed) {
    static_cast<void>(remove_tree(save_dir));
    return failed;
  };
  for (std::size_t i = 0; i < paths.size(); ++i) {
    Result<nlohmann::json> entry = save_one(paths[i], i, floor, save_dir);
    if (!entry) return abandon(entry.status());
    record.push_back(std::move(*entry));
  }
  if (Status synced = sync_saved(save_dir); !synced) return abandon(synced);
  return record;
}

Status restore_paths(const nlohmann::json& record, const std::string& save_dir, MissingParents parents) {
  try {
    for (auto it = record.rbegin(); it != record.rend(); ++it)
      if (Status restored = restore_one(*it, save_dir, parents); !restored) return restored;
  } catch (const nlohmann::json::exception& e) {
    return Status::error(std::string("the journal's undo record is damaged: ") + e.what());
  }
  return Status::ok();
}

Status verify_paths(const nlohmann::json& record, const std::string& save_dir, MissingParents parents) {
  try {
    for (const nlohmann::json& entry : record)
      if (Status same = verify_one(entry, save_dir, parents); !same) return same;
  } catch (const nlohmann::json::exception& e) {
    return Status::error(std::string("the journal's undo record is damaged: ") + e.what());
  }
  return Status::ok();
}

}  // namespace clawform
