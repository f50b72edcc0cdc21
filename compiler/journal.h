#pragma once
// The apply journal: what an apply has done to the host, written ahead of
// every change so a crash at any point can be rolled back (or resumed).
//
// One JSON object per line, appended and made durable before the caller
// goes on (see JournalSink). The records, in the order an apply writes them:
//   {"event":"begin","plan_sha256":..,"steps":N,"pid":..,"host":..,"started":..,
//    "ready_before":{"<instance>":["telegram"],..}}  (what /ready failed before step 1)
//   {"event":"prepared","step":K,"undo":{..}}  before step K changes anything
//   {"event":"done","step":K,"seconds":S}
//   {"event":"failed","step":K,"error":".."}
//   {"event":"undone","step":K} | {"event":"undo_failed","step":K,"error":".."}
//   {"event":"end","outcome":"applied"|"rolled_back"|"kept"|"rollback_failed"}
// Undo records hold paths, modes, versions and the names of saved copies,
// never a secret value (a key file's old bytes are saved beside the journal
// in a 0600 file, not in it).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

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
  std::optional<std::string> outcome;  // set once "end" was written
  bool torn_tail = false;  // the last line was cut short (a crash mid-append): ignored

  bool finished() const { return outcome.has_value(); }
  // Steps that may have changed the host and are not yet undone, last first.
  std::vector<int> to_undo() const;
  // The first step not marked done (0 when all are).
  int first_not_done() const;
};

// Reads journal text. An error naming the line when a record other than a
// torn last line cannot be read.
Result<JournalState> read_journal(std::string_view text);

}  // namespace clawform
