#pragma once
// The apply journal: what an apply has done to the host, written ahead of
// every change so a crash at any point can be rolled back (or resumed).
//
// One JSON object per line (journal_line()), appended and made durable
// before the caller goes on (see JournalSink). Each line ends with its
// checksum, the record's last member:
//   {"event":"done","seconds":0.4,"step":3,"crc32":"5f1d2a07"}
// the CRC-32 (compiler/crc32.h, 8 lower-case hex digits) of the line
// without `,"crc32":"........"`, i.e. of the record as nlohmann's dump()
// writes it. A flipped byte anywhere in a line is thereby an error, not a
// plausible record. Journals of a clawform before checksums (their first
// record has none) are read as they are, without that protection.
// The records, in the order an apply writes them:
//   {"event":"begin","plan_sha256":..,"steps":N,"pid":..,"host":..,"started":..,
//    "ready_before":{"<instance>":["telegram"],..}}  (what /ready failed before step 1)
//   {"event":"prepared","step":K,"undo":{..}}  before step K changes anything
//   {"event":"done","step":K,"seconds":S}
//   {"event":"failed","step":K,"error":".."}
//   {"event":"undone","step":K} | {"event":"undo_failed","step":K,"error":".."}
//   {"event":"end","outcome":"applied"|"rolled_back"|"kept"|"rollback_failed"}
//   {"event":"child","step":K,"phase":"run"|"undo"|"finish","pid":P,"pgid":G,
//    "start_time":T,"program":"openclaw","lasting":false}
//     before a child process runs (an apply's or a recover's), from the
//     phase of step K that started it ("finish": the rollback's restarts,
//     step 0); T is /proc/P/stat field 22; "lasting": a gateway, meant to
//     outlive the call that started it. Only the program's file name is
//     kept, never its arguments.
// Undo records hold paths, modes, versions and the names of saved copies,
// never a secret value (a key file's old bytes are saved beside the journal
// in a 0600 file, not in it).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/process.h"
#include "compiler/status.h"

namespace clawform {

// Where journal records go. append() returns only once the record is
// durable (fsynced); an error when it cannot be.
class JournalSink {
 public:
  virtual ~JournalSink() = default;
  virtual Status append(const nlohmann::json& record) = 0;
};

// A journal read back: the fold of its records.
struct JournalState {
  struct StepRecord {
    bool prepared = false;
    bool done = false;
    bool undone = false;
    nlohmann::json undo;  // from "prepared"
    std::string error;    // from "failed" or "undo_failed"
  };
  std::string plan_sha256;
  int total_steps = 0;
  long pid = 0;
  std::string host;
  std::string started;
  // Instance -> what its gateway's /ready reported failing before the first
  // step (compiler/health_gate.h), for the instances whose gateway answered.
  std::map<std::string, std::vector<std::string>> ready_before;
  std::map<int, StepRecord> steps;  // by 1-based step index
  struct ChildRecord {
    int step = 0;
    std::string phase;  // "run", "undo" or "finish"
    ChildProcess process;
    std::string program;
    bool lasting = false;
  };
  std::vector<ChildRecord> children;  // in the order they were started
  std::optional<std::string> outcome;  // set once "end" was written
  bool torn_tail = false;  // the last line was cut short (a crash mid-append): ignored
  // The length of the text up to the end of its last intact record: where
  // the next record goes (JournalFile::open cuts a torn tail there).
  std::size_t intact_bytes = 0;
  bool checksummed = false;  // its records carry checksums (false: an older clawform's journal)

  bool finished() const { return outcome.has_value(); }
  // Folds a step's record ("prepared", "done", "failed", "undone",
  // "undo_failed", with its "step") into `steps`; false for any other event.
  bool fold_step_record(const std::string& event, const nlohmann::json& record);
  // Steps that may have changed the host and are not yet undone, last first.
  std::vector<int> to_undo() const;
  // The first step not marked done (0 when all are).
  int first_not_done() const;
  // Whether `child`, if it still runs, was left behind by a crash and must
  // be stopped before anything is undone: every child that is not lasting
  // (the runner never lets one outlive its call), and a lasting one (a
  // gateway) whose phase did not finish: the run of a step not done, the
  // undo of a step not undone, the restarts of a rollback without an end.
  // A gateway a finished step started is the apply's result, not an orphan.
  bool orphan_if_alive(const ChildRecord& child) const;
};

// The line that stands for `record` in the journal: its JSON, its
// checksum, and a newline.
std::string journal_line(const nlohmann::json& record);

// Reads journal text. A torn last line (unterminated, and no complete
// record: a prefix of one, as a crash mid-append leaves) is ignored and
// flagged in torn_tail. Anything else that is not an intact record is an
// error naming the line and what is wrong with it: not JSON, no checksum
// in a journal whose records have them, a checksum that does not match, a
// record out of order (the first is not "begin"; a step outside the
// plan's; "done" or "undone" for a step never prepared), or a complete
// last line followed by bytes that are no record.
Result<JournalState> read_journal(std::string_view text);

}  // namespace clawform
