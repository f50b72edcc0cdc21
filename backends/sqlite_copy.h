#pragma once
// Copies of SQLite databases that another process may be writing: the
// state DB (<state dir>/state/openclaw.sqlite, WAL mode) a running gateway
// holds open while apply snapshots it before a config or plugin step.
//
// A database in use has a `-wal` file beside it. Copying the database and
// its WAL byte by byte races the writer (and a checkpoint that moves pages
// from the WAL into the database between the two copies); the copy can then
// be torn. copy_database() instead reads it through SQLite's online backup,
// as of one committed transaction, into a file that holds all of it (no
// -wal beside it; its journal mode is the source's). A database with no
// `-wal` file is not in use and is copied byte for byte.

#include <string>

#include "compiler/status.h"

namespace clawform {

// Whether `path` is a regular file that starts with SQLite's header.
bool is_sqlite_database(const std::string& path);

// Whether `path` is an SQLite database in use: copy_database() reads it
// through SQLite, and its -wal and -shm files are then not to be copied.
bool sqlite_database_in_use(const std::string& path);

// Copies the database in use at `from` to `to` (which must not exist) with
// SQLite's online backup, waiting up to `busy_ms` for a writer's lock. Leaves
// `from`'s files as they were: no checkpoint, no file created or deleted.
// An error names the path and SQLite's message.
Status copy_database(const std::string& from, const std::string& to, int busy_ms = 10000);

}  // namespace clawform
