#include "backends/sqlite_copy.h"

#include <sys/stat.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <utility>

#include <fmt/format.h>
#include <sqlite3.h>

namespace clawform {

namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;

// Opens `path`; `flags` as sqlite3_open_v2's.
Result<Database> open(const std::string& path, int flags, int busy_ms) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK)
    return Status::error(fmt::format("{}: sqlite3_open: {}", path, raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(db.get(), busy_ms);
  return db;
}

bool regular_file(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

bool is_sqlite_database(const std::string& path) {
  if (!regular_file(path)) return false;
  static constexpr char kHeader[] = "SQLite format 3";  // and its NUL: 16 bytes
  char head[sizeof kHeader] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(head, sizeof head) && std::memcmp(head, kHeader, sizeof kHeader) == 0;
}

bool sqlite_database_in_use(const std::string& path) {
  return regular_file(path + "-wal") && is_sqlite_database(path);
}

Status copy_database(const std::string& from, const std::string& to, int busy_ms) {
  // Read-write, because a WAL reader takes its locks in the -shm file; but
  // never the last connection to checkpoint: the copy must not change
  // the source's files.
  Result<Database> opened_source = open(from, SQLITE_OPEN_READWRITE, busy_ms);
  if (!opened_source) return opened_source.status();
  Database source = std::move(*opened_source);
  sqlite3_db_config(source.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  int persist_wal = 1;  // and not delete the -wal file on close
  sqlite3_file_control(source.get(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist_wal);
  Result<Database> opened_target = open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, busy_ms);
  if (!opened_target) return opened_target.status();
  Database target = std::move(*opened_target);

  sqlite3_backup* backup = sqlite3_backup_init(target.get(), "main", source.get(), "main");
  if (!backup) return Status::error(fmt::format("{}: sqlite3_backup_init: {}", from, sqlite3_errmsg(target.get())));
  // One step: the whole database under one read transaction.
  int rc = sqlite3_backup_step(backup, -1);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return Status::error(fmt::format("{}: sqlite3_backup_step: {}", from, sqlite3_errstr(rc)));
  return Status::ok();
}

}  // namespace clawform
