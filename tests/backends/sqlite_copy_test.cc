// Saving a state DB that another connection is writing: the copy holds one
// committed transaction's data, whole, without the -wal it was read with,
// and saving leaves the writer's files alone; a database not in use is saved
// byte for byte.
#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "backends/file_io.h"
#include "backends/path_snapshot.h"
#include "backends/sqlite_copy.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

namespace fs = std::filesystem;

struct Close {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, Close>;

// A connection in WAL mode, as openclaw opens its state DB.
Db open_wal(const std::string& path) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK);
  Db db(raw);
  sqlite3_busy_timeout(raw, 5000);
  REQUIRE(sqlite3_exec(raw, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr) == SQLITE_OK);
  return db;
}

void exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  std::string text = message ? message : "";
  sqlite3_free(message);
  REQUIRE_MESSAGE(rc == SQLITE_OK, sql, ": ", text);
}

// The first column of the first row of `sql`, as text.
std::string query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return value;
}

std::string bytes_of(const std::string& path) {
  Result<std::string> bytes = read_file(path, std::size_t{1} << 30);
  return bytes ? *bytes : "(unreadable: " + bytes.message() + ")";
}

// Rows go into `a` and `b` in pairs, one pair per transaction: a copy
// taken at any instant has as many of each.
void create_pairs(sqlite3* db) { exec(db, "CREATE TABLE a(n INTEGER); CREATE TABLE b(n INTEGER, pad TEXT)"); }
void insert_pair(sqlite3* db, int n) {
  exec(db, "BEGIN; INSERT INTO a VALUES(" + std::to_string(n) + "); INSERT INTO b VALUES(" + std::to_string(n) +
               ", hex(randomblob(2000))); COMMIT");
}

// A state dir under `dir`/root, its DB's path, and where save_paths() keeps copies.
struct StateDir {
  explicit StateDir(const testing::TempDir& dir)
      : state(dir.path("root/state")), saved(dir.path("saved")), db(state + "/openclaw.sqlite") {
    fs::create_directories(state);
  }
  std::string state, saved, db;
};

TEST_CASE("sqlite_copy: a database in use is copied whole, and its files are left alone") {
  testing::TempDir dir;
  const std::string db_path = dir.path("openclaw.sqlite");
  Db writer = open_wal(db_path);
  exec(writer.get(), "PRAGMA wal_autocheckpoint=0");  // keep every change in the WAL
  create_pairs(writer.get());
  for (int n = 0; n < 50; ++n) insert_pair(writer.get(), n);
  REQUIRE(fs::file_size(db_path + "-wal") > 0);

  CHECK(is_sqlite_database(db_path));
  CHECK(sqlite_database_in_use(db_path));
  const std::string db_before = bytes_of(db_path), wal_before = bytes_of(db_path + "-wal");

  Status copied = copy_database(db_path, dir.path("copy.sqlite"));
  REQUIRE_MESSAGE(copied.is_ok(), copied.message());
  CHECK(bytes_of(db_path) == db_before);
  CHECK(bytes_of(db_path + "-wal") == wal_before);
  CHECK_FALSE(fs::exists(dir.path("copy.sqlite-wal")));
  CHECK_FALSE(fs::exists(dir.path("copy.sqlite-journal")));

  Db copy = open_wal(dir.path("copy.sqlite"));
  CHECK(query(copy.get(), "PRAGMA integrity_check") == "ok");
  CHECK(query(copy.get(), "SELECT count(*) FROM a") == "50");
  CHECK(query(copy.get(), "SELECT count(*) FROM b") == "50");
}

TEST_CASE("sqlite_copy: what is not an SQLite database in use") {
  testing::TempDir dir;
  std::ofstream(dir.path("notes.txt")) << "SQLite format 2, not really\n";
  CHECK_FALSE(is_sqlite_database(dir.path("notes.txt")));
  CHECK_FALSE(is_sqlite_database(dir.path("missing.sqlite")));
  {
    Db db = open_wal(dir.path("idle.sqlite"));
    exec(db.get(), "CREATE TABLE t(x)");
  }  // the last connection closed: checkpointed, -wal removed
  CHECK(is_sqlite_database(dir.path("idle.sqlite")));
  CHECK_FALSE(sqlite_database_in_use(dir.path("idle.sqlite")));
}

TEST_CASE("path_snapshot: a state DB saved while it is written comes back whole") {
  testing::TempDir dir;
  const StateDir paths(dir);
  const std::string &state = paths.state, &saved = paths.saved, &db_path = paths.db;
  Db writer = open_wal(db_path);
  exec(writer.get(), "PRAGMA wal_autocheckpoint=8");  // checkpoints (and WAL restarts) while the save reads
  create_pairs(writer.get());
  for (int n = 0; n < 20; ++n) insert_pair(writer.get(), n);

  std::atomic<bool> stop{false};
  std::atomic<int> written{20};
  std::thread writing([&] {
    for (int n = 20; !stop; ++n) {
      insert_pair(writer.get(), n);
      written = n + 1;
    }
  });
  while (written < 200) std::this_thread::yield();  // the writer is well under way
  Result<nlohmann::json> record = save_paths({{state, true}}, dir.path("root"), saved);
  stop = true;
  writing.join();
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  CHECK_FALSE(fs::exists(saved + "/0/openclaw.sqlite-wal"));
  CHECK_FALSE(fs::exists(saved + "/0/openclaw.sqlite-shm"));
  CHECK(query(writer.get(), "SELECT count(*) FROM a") == std::to_string(written.load()));
  writer.reset();  // apply stops the gateway before restoring

  Status put_back = restore_paths(*record, saved);
  REQUIRE_MESSAGE(put_back.is_ok(), put_back.message());
  CHECK_FALSE(fs::exists(db_path + "-wal"));
  Db restored = open_wal(db_path);
  CHECK(query(restored.get(), "PRAGMA integrity_check") == "ok");
  const int rows = std::stoi(query(restored.get(), "SELECT count(*) FROM a"));
  CHECK(rows >= 200);
  CHECK(rows <= written);
  CHECK(query(restored.get(), "SELECT count(*) FROM b") == std::to_string(rows));
  CHECK(query(restored.get(), "SELECT max(n) + 1 FROM a") == std::to_string(rows));
}

TEST_CASE("path_snapshot: a database not in use is saved and restored byte for byte") {
  testing::TempDir dir;
  const StateDir paths(dir);
  const std::string &state = paths.state, &saved = paths.saved, &db_path = paths.db;
  {
    Db db = open_wal(db_path);
    create_pairs(db.get());
    for (int n = 0; n < 5; ++n) insert_pair(db.get(), n);
  }
  ::chmod(db_path.c_str(), 0600);
  const std::string before = bytes_of(db_path);
  Result<nlohmann::json> record = save_paths({{state, true}}, dir.path("root"), saved);
  REQUIRE_MESSAGE(record.is_ok(), record.message());
  {
    Db db = open_wal(db_path);
    insert_pair(db.get(), 5);
  }
  Status put_back = restore_paths(*record, saved);
  REQUIRE_MESSAGE(put_back.is_ok(), put_back.message());
  CHECK(bytes_of(db_path) == before);
  struct stat st {};
  ::lstat(db_path.c_str(), &st);
  CHECK((st.st_mode & 07777) == 0600);
}

}  // namespace
}  // namespace clawform
