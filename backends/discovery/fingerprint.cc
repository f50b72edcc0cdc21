#include "backends/discovery/fingerprint.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <climits>
#include <memory>
#include <cstring>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>
#include <sqlite3.h>

#include "backends/digest.h"
#include "backends/file_io.h"
#include "backends/process_runner.h"

namespace clawform {

namespace {

// A canonical listing, one line per input, hashed at the end. Any input
// that cannot be told makes the whole listing unusable (`known` false).
class Listing {
 public:
  // "<label> <type> <size> <mtime ns> <ctime ns> <inode> <mode>" or
  // "<label> absent". Without the ctime where opening a file changes it.
  void stat(const std::string& label, const std::string& path, bool with_ctime = true) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) line(label + " absent");
      else known_ = false;
      return;
    }
    line(fmt::format("{} {} {} {}.{:09} {}.{:09} {} {:o}", label, type_of(st.st_mode), st.st_size,
                     st.st_mtim.tv_sec, st.st_mtim.tv_nsec, with_ctime ? st.st_ctim.tv_sec : 0,
                     with_ctime ? st.st_ctim.tv_nsec : 0, st.st_ino,
                     st.st_mode & 07777));
  }

  // stat() of `path`, then of every entry below it, in name order.
  void tree(const std::string& label, const std::string& path) {
    stat(label, path);
    DIR* dir = ::opendir(path.c_str());
    if (!dir) {
      if (errno != ENOENT && errno != ENOTDIR) known_ = false;
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    if (errno != 0) known_ = false;
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      const std::string child = path + "/" + name;
      struct stat st {};
      if (::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) tree(label + "/" + name, child);
      else stat(label + "/" + name, child);
    }
  }

  // The path's bytes (a small, non-secret file), digested.
  void content(const std::string& label, const std::string& path) {
    Result<std::string> bytes = read_file(path);
    if (bytes) {
      line(fmt::format("{} content {}", label, sha256_hex(*bytes)));
      return;
    }
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) line(label + " absent");
    else known_ = false;
  }

  // Where a symlink (or a name on PATH) leads, and that file.
  void resolved(const std::string& label, const std::string& path) {
    char buffer[PATH_MAX];
    if (::realpath(path.c_str(), buffer)) {
      line(fmt::format("{} -> {}", label, buffer));
      stat(label + " target", buffer);
    } else if (errno == ENOENT || errno == ENOTDIR) {
      line(label + " unresolved");
    } else {
      known_ = false;
    }
  }

  void line(const std::string& text) {
    text_ += text;
    text_ += '\n';
  }

  std::optional<std::string> digest() const {
    if (!known_) return std::nullopt;
    return sha256_hex(text_);
  }

 private:
  static const char* type_of(mode_t mode) {
    if (S_ISDIR(mode)) return "dir";
    if (S_ISREG(mode)) return "file";
    if (S_ISLNK(mode)) return "link";
    return "other";
  }

  std::string text_;
  bool known_ = true;
};

// The rows of OpenClaw's state database that plugin lists derive from
// (config_machine_state's plugins.* rows: the install records), read
// through SQLite as of one transaction. Not the file's stat: a running
// gateway writes the database (its -wal) all the time. nullopt when they
// cannot be read (no such table in another OpenClaw's schema, a lock).
std::optional<std::string> plugin_rows_digest(const std::string& db_path) {
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close_v2);
  if (opened != SQLITE_OK) return std::nullopt;
  sqlite3_busy_timeout(db.get(), 2000);
  sqlite3_stmt* raw_statement = nullptr;
  if (sqlite3_prepare_v2(db.get(),
                         "SELECT state_key, value_json FROM config_machine_state "
                         "WHERE state_key LIKE 'plugins.%' ORDER BY state_key",
                         -1, &raw_statement, nullptr) != SQLITE_OK)
    return std::nullopt;
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw_statement, sqlite3_finalize);
  std::string rows;
  int step = SQLITE_ROW;
  while ((step = sqlite3_step(statement.get())) == SQLITE_ROW)
    for (int column = 0; column < 2; ++column) {
      const unsigned char* text = sqlite3_column_text(statement.get(), column);
      rows += text ? reinterpret_cast<const char*>(text) : "(null)";
      rows += '\0';
    }
  if (step != SQLITE_DONE) return std::nullopt;
  return sha256_hex(rows);
}

// The request as it derives the answer: argv without the per-call mark
// (sudo's `CLAWFORM_CALL=...` for a B user), and the environment without it.
void request_lines(Listing& listing, const ProcessRequest& request) {
  for (const std::string& arg : request.argv)
    if (!arg.starts_with(std::string(kCallMarkVariable) + "=")) listing.line("argv " + arg);
  for (const auto& [name, value] : request.env)
    if (name != kCallMarkVariable) listing.line(fmt::format("env {}={}", name, value));
}

// The absolute paths a launcher script names ("/a/b" runs of path
// characters after a quote, a space or '='), in order, without repeats.
std::vector<std::string> absolute_paths(const std::string& script) {
  std::vector<std::string> paths;
  auto path_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("._/@+-", c); };
  for (std::size_t i = 0; i < script.size(); ++i) {
    if (script[i] != '/' || (i > 0 && !std::strchr("\"' =:", script[i - 1]))) continue;
    std::size_t end = i;
    while (end < script.size() && path_char(script[end])) ++end;
    std::string path = script.substr(i, end - i);
    if (path.size() > 1 && std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
    i = end;
  }
  return paths;
}

}  // namespace

std::optional<std::string> binary_fingerprint(const std::string& binary, const ProcessRequest& version_request) {
  Listing listing;
  listing.line("clawform discovery fingerprint: binary, 2");
  // Who runs it and where its Node comes from; not the instance's own
  // variables (any instance's probe answers for the binary).
  for (const std::string& arg : version_request.argv) {
    if (version_request.argv.front() != "sudo" || arg == "--") break;
    listing.line("sudo " + arg);
  }
  listing.resolved("binary", binary);
  // What the launcher runs: the file it resolves to (npm's bin symlink to
  // openclaw.mjs), and each absolute path a launcher script names (a
  // wrapper that execs a pinned Node on openclaw.mjs), each with the
  // package.json beside it (which names openclaw's version).
  std::vector<std::string> runs;
  char buffer[PATH_MAX];
  if (::realpath(binary.c_str(), buffer)) runs.push_back(buffer);
  Result<std::string> text = read_file(binary, 64 * 1024);
  if (text && text->starts_with("#!")) {
    listing.line("launcher " + sha256_hex(*text));
    for (const std::string& path : absolute_paths(*text)) runs.push_back(path);
  }
  for (const std::string& path : runs) {
    listing.stat("runs " + path, path);
    const std::string dir = path.substr(0, path.rfind('/'));
    listing.content("package " + dir, dir + "/package.json");
  }
  auto path_entry = version_request.env.find("PATH");
  const std::string path = path_entry == version_request.env.end() ? "" : path_entry->second;
  const std::string node = find_on_path("node", path);
  listing.line("PATH " + path);
  listing.line("node " + node);
  if (!node.empty()) listing.resolved("node", node);
  return listing.digest();
}

std::optional<std::string> plugins_fingerprint(const InstanceLayout& layout, const ProcessRequest& list_request,
                                               const std::string& of_binary) {
  Listing listing;
  listing.line("clawform discovery fingerprint: plugins, 1");
  listing.line("binary " + of_binary);
  request_lines(listing, list_request);
  listing.content("config", layout.config_path);
  listing.stat("env", layout.state_dir + "/.env");
  const std::string db = layout.state_dir + "/state/openclaw.sqlite";
  struct stat st {};
  if (::stat(db.c_str(), &st) != 0) {
    listing.stat("db", db);  // absent (or unreadable: uncacheable)
  } else if (std::optional<std::string> rows = plugin_rows_digest(db)) {
    listing.line("db plugin rows " + *rows);
  } else {
    // Not a database of the schema known: the files themselves (which a
    // running gateway changes often). Not their ctime: SQLite, run as root,
    // fchown()s a -wal it opens, which the attempt above just did.
    listing.stat("db", db, false);
    listing.stat("db-wal", db + "-wal", false);
  }
  listing.tree("npm", layout.state_dir + "/npm");
  listing.tree("extensions", layout.state_dir + "/extensions");
  return listing.digest();
}

}  // namespace clawform
