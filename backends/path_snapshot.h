#pragma once
// Saving paths before a step changes them, and putting them back byte for
// byte: the undo half of every apply step that touches the filesystem.
//
// save_paths() writes copies into `save_dir` (0700) and returns a JSON
// record of what each path was. The copies are private from their first
// byte whatever the umask (files 0600, directories 0700); the modes they
// stand for are in the record (a file) or in "<copy>.modes" beside a
// saved tree, and restored with the bytes. Run as root, copies and restores
// keep each path's owner (an instance's files stay its OS user's). The
// record holds paths, types, modes, owners and the names of the copies,
// never file content. restore_paths() makes each path what the
// record says again; it is idempotent, so a crash while restoring is
// mended by restoring again.
//
// One exception to byte for byte: an SQLite database in use (a running
// gateway's state DB, with a -wal file beside it) is saved through SQLite's
// online backup as of one transaction, its -wal and -shm left out, so that
// a write during the save cannot tear the copy (sqlite_copy.h). Restored, it
// holds the same data in its main file; the caller stops its writer first.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/host.h"

namespace clawform {

// `floor` is the directory a missing path's ancestors are not searched
// above (the --root, or "/"): when `path` is absent, the record names its
// highest missing ancestor below `floor` ("path", and the path itself as
// "target" when they differ), so restoring also removes the parent
// directories the step created. Entries are recorded in order.
// The copies are durable (syncfs) when it returns; when any cannot be
// made (ENOSPC: "<copy>: write: No space left on device"), the error is
// returned and `save_dir` removed, so a failed save keeps no space.
Result<nlohmann::json> save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                  const std::string& save_dir);

// What a restore does with the parent directories a step created (an absent
// entry whose "target" is below its "path"):
// - RemoveAll: removes the highest of them with all it holds. Right when the
//   whole apply is undone: what another step put there is undone too.
// - KeepShared: removes the target, then each created parent that is empty,
//   deepest first, and keeps one that holds something: another instance's
//   steps, applied beside this one and kept (compiler/apply_chains.h), may
//   have put their own paths there ($HOME/.config/systemd/user, a sandbox
//   root's home).
enum class MissingParents { RemoveAll, KeepShared };

// Restores the entries of `record` in reverse order. An error names the path
// and the failing call.
Status restore_paths(const nlohmann::json& record, const std::string& save_dir,
                     MissingParents parents = MissingParents::RemoveAll);

// Whether each path of `record` is what the record says it was: absent,
// a directory with its mode, a symlink to its target, a file or a tree
// with the modes and bytes of its saved copy (no entry more, none less;
// sockets and FIFOs, which are never saved, are not compared). An error
// names the first path that differs and how, never its content. With
// KeepShared, a created parent left in place is right when it is a directory
// that holds something.
Status verify_paths(const nlohmann::json& record, const std::string& save_dir,
                    MissingParents parents = MissingParents::RemoveAll);

}  // namespace clawform
