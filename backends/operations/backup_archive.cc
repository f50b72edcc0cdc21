#include "backends/operations/backup_archive.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

namespace clawform {

namespace {

struct ReadDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteDeleter {
  void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
  void operator()(archive_entry* e) const { archive_entry_free(e); }
};
using Reader = std::unique_ptr<archive, ReadDeleter>;
using Writer = std::unique_ptr<archive, WriteDeleter>;

std::string why(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unknown libarchive error";
}

Reader tar_reader() {
  Reader r(archive_read_new());
  archive_read_support_filter_all(r.get());
  archive_read_support_format_tar(r.get());
  return r;
}

// Reads the current entry's data whole.
Result<std::string> read_data(archive* r) {
  std::string out;
  char buffer[64 * 1024];
  for (;;) {
    la_ssize_t n = archive_read_data(r, buffer, sizeof buffer);
    if (n < 0) return Status::error(why(r));
    if (n == 0) return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

// Copies the current entry's data from `r` to `w` in blocks.
Status copy_data(archive* r, archive* w) {
  const void* block = nullptr;
  std::size_t size = 0;
  la_int64_t offset = 0;
  for (;;) {
    int rc = archive_read_data_block(r, &block, &size, &offset);
    if (rc == ARCHIVE_EOF) return Status::ok();
    if (rc < ARCHIVE_WARN) return Status::error(why(r));
    if (archive_write_data(w, block, size) < 0) return Status::error(why(w));
  }
}

la_ssize_t append_to_string(archive*, void* client, const void* buffer, std::size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

}  // namespace

void wipe(std::vector<TarMember>& members) {
  for (TarMember& m : members) {
    std::fill(m.data.begin(), m.data.end(), '\0');
    m.data.clear();
    m.data.shrink_to_fit();
  }
}

Result<ArchiveCopy> copy_archive_without(const std::string& from, const std::string& to,
                                         const std::function<std::optional<std::string>(std::string_view)>& take) {
  ArchiveCopy copy;
  Reader r = tar_reader();
  if (archive_read_open_filename(r.get(), from.c_str(), 64 * 1024) != ARCHIVE_OK)
    return Status::error(fmt::format("cannot read {}: {}", from, why(r.get())));

  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Status::error(fmt::format("cannot create {}: {}", to, std::strerror(errno)));
  auto fail = [&](std::string message) {
    ::close(fd);
    ::unlink(to.c_str());
    wipe(copy.taken);
    return Status::error(std::move(message));
  };
  if (::fchmod(fd, 0600) != 0) return fail(fmt::format("cannot chmod {}: {}", to, std::strerror(errno)));

  Writer w(archive_write_new());
  archive_write_add_filter_gzip(w.get());
  archive_write_set_format_pax_restricted(w.get());
  if (archive_write_open_fd(w.get(), fd) != ARCHIVE_OK)
    return fail(fmt::format("cannot write {}: {}", to, why(w.get())));

  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(r.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) return fail(fmt::format("cannot read {}: {}", from, why(r.get())));
    const char* path = archive_entry_pathname(entry);
    const std::string name = path ? path : "";
    if (std::optional<std::string> taken = take(name)) {
      copy.removed.push_back(name);
      TarMember member{*taken, archive_entry_filetype(entry) == AE_IFDIR,
                       static_cast<unsigned>(archive_entry_perm(entry))};
      if (archive_entry_filetype(entry) == AE_IFREG) {
        Result<std::string> data = read_data(r.get());
        if (!data) return fail(fmt::format("cannot read {} in {}: {}", name, from, data.message()));
        member.data = std::move(*data);
      }
      // A symlink or other special entry is left out and named, holding no bytes.
      copy.taken.push_back(std::move(member));
      continue;
    }
    if (archive_write_header(w.get(), entry) < ARCHIVE_WARN)
      return fail(fmt::format("cannot write {} into {}: {}", name, to, why(w.get())));
    if (archive_entry_size(entry) > 0) {
      if (Status s = copy_data(r.get(), w.get()); !s)
        return fail(fmt::format("cannot copy {} into {}: {}", name, to, s.message()));
    }
    copy.entries_kept++;
  }
  if (archive_write_close(w.get()) != ARCHIVE_OK) return fail(fmt::format("cannot write {}: {}", to, why(w.get())));
  if (::fsync(fd) != 0) return fail(fmt::format("cannot sync {}: {}", to, std::strerror(errno)));
  if (::close(fd) != 0) {
    ::unlink(to.c_str());
    wipe(copy.taken);
    return Status::error(fmt::format("cannot write {}: {}", to, std::strerror(errno)));
  }
  return copy;
}

Result<std::string> tar_in_memory(const std::vector<TarMember>& members, long mtime) {
  std::string out;
  Writer w(archive_write_new());
  archive_write_set_format_pax_restricted(w.get());
  archive_write_set_bytes_in_last_block(w.get(), 1);
  if (archive_write_open(w.get(), &out, nullptr, append_to_string, nullptr) != ARCHIVE_OK)
    return Status::error("cannot start a tar in memory: " + why(w.get()));
  for (const TarMember& m : members) {
    std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), m.name.c_str());
    archive_entry_set_filetype(entry.get(), m.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(entry.get(), m.mode);
    archive_entry_set_size(entry.get(), m.directory ? 0 : static_cast<la_int64_t>(m.data.size()));
    archive_entry_set_mtime(entry.get(), mtime, 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    if (archive_write_header(w.get(), entry.get()) != ARCHIVE_OK)
      return Status::error(fmt::format("cannot add {} to the tar: {}", m.name, why(w.get())));
    if (!m.directory && !m.data.empty() &&
        archive_write_data(w.get(), m.data.data(), m.data.size()) != static_cast<la_ssize_t>(m.data.size()))
      return Status::error(fmt::format("cannot add {} to the tar: {}", m.name, why(w.get())));
  }
  if (archive_write_close(w.get()) != ARCHIVE_OK) return Status::error("cannot finish the tar: " + why(w.get()));
  return out;
}

Result<std::vector<std::string>> tar_member_names(std::string_view bytes) {
  Reader r = tar_reader();
  if (archive_read_open_memory(r.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
    return Status::error("not a tar: " + why(r.get()));
  std::vector<std::string> names;
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(r.get(), &entry);
    if (rc == ARCHIVE_EOF) return names;
    if (rc < ARCHIVE_WARN) return Status::error("not a tar: " + why(r.get()));
    const char* path = archive_entry_pathname(entry);
    names.push_back(path ? path : "");
  }
}

}  // namespace clawform
