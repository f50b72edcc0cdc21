#pragma once
// The journal on disk: <clawform_dir>/journal/ holds journal.jsonl (the
// records, 0600), plan.json (the plan being applied) and saved/ (what the
// steps saved, 0700). Its presence means an apply has not finished: plan
// and apply refuse to start, recover finishes it. When an apply ends (all
// done, or all undone) the records move to <clawform_dir>/history/ and the
// rest, saved key-file copies included, is deleted.

#include <string>

#include "compiler/journal.h"
#include "compiler/status.h"

namespace clawform {

struct JournalPaths {
  std::string dir;      // <clawform_dir>/journal
  std::string records;  // dir/journal.jsonl
  std::string plan;     // dir/plan.json
};
JournalPaths journal_paths(const std::string& clawform_dir);

// Whether an unfinished journal exists under `clawform_dir`.
bool journal_exists(const std::string& clawform_dir);

// Appends to journal.jsonl (compiler/journal.h's journal_line()), fsyncing
// each record. A record that cannot be written whole and durable (ENOSPC,
// EIO) is cut off again, so the file always ends with whole records and
// the next append does not follow half a line.
class JournalFile : public JournalSink {
 public:
  JournalFile(JournalFile&& other) noexcept
      : fd_(other.fd_), path_(std::move(other.path_)), size_(other.size_) {
    other.fd_ = -1;
  }
  JournalFile& operator=(JournalFile&&) = delete;
  ~JournalFile() override;

  // Creates the journal dir with `plan_bytes` as plan.json and an empty
  // journal.jsonl; fails when a journal exists. Where the file system can,
  // the journal's first kReservedBytes are allocated at once, so that a
  // disk that fills during the apply still takes the rollback's records.
  static Result<JournalFile> create(const std::string& clawform_dir, const std::string& plan_bytes);
  // Opens the existing journal.jsonl for appending after its last intact
  // record (`read`, what read_journal() made of it): a torn tail is cut off
  // first, and a last record without its newline gets one.
  static Result<JournalFile> open(const std::string& clawform_dir, const JournalState& read);

  Status append(const nlohmann::json& record) override;

  static constexpr long kReservedBytes = 256 * 1024;

 private:
  JournalFile(int fd, std::string path, long size) : fd_(fd), path_(std::move(path)), size_(size) {}
  int fd_ = -1;
  std::string path_;
  long size_ = 0;  // the bytes of whole records in the file
};

// Moves the records to history/<started>-<outcome>.jsonl and deletes the
// journal dir. An error when it could not (the journal stays).
Status close_journal(const std::string& clawform_dir, const JournalState& state);

}  // namespace clawform
