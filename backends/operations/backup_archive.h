#pragma once
// The tar work of `clawform backup` (docs/operations.md): copying OpenClaw's
// state archive without its secrets, and building the secrets tar in memory.
// The only user of libarchive.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/status.h"

namespace clawform {

// One member of a tar: a regular file with its bytes, or a directory.
struct TarMember {
  std::string name;  // relative ("credentials/whatsapp.json")
  bool directory = false;
  unsigned mode = 0600;
  std::string data{};  // regular files only
};

// Zeroes each member's bytes before they are released.
void wipe(std::vector<TarMember>& members);

struct ArchiveCopy {
  std::vector<std::string> removed;  // entry names left out, in archive order
  std::vector<TarMember> taken;      // what they held, under the names `take` gave
  std::uint64_t entries_kept = 0;
};

// Copies the gzip'd tar at `from` to `to` (gzip'd pax tar, created 0600;
// replaced if present), leaving out every entry for which `take` returns a
// name: those come back in ArchiveCopy::taken under that name, their bytes
// in memory, never written to disk. A read or write failure is an error
// naming the file (and `to` is removed).
Result<ArchiveCopy> copy_archive_without(const std::string& from, const std::string& to,
                                         const std::function<std::optional<std::string>(std::string_view)>& take);

// An uncompressed tar of `members`, in order, built in memory (owner 0:0,
// the given modes, mtime `mtime`).
Result<std::string> tar_in_memory(const std::vector<TarMember>& members, long mtime);

// The names of a tar's members, in order (for tests and the index). The
// tar comes as bytes (gzip'd or not).
Result<std::vector<std::string>> tar_member_names(std::string_view bytes);

}  // namespace clawform
