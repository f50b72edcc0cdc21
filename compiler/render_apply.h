#pragma once
// What apply and recover print: a line per step as it runs, and the report
// at the end (what failed, what was undone, what a human must do).
//
// Text:  [3/12] project.acme.plugin["@openclaw/nostr"] create 2026.9.5 ... ok (1.8 s)
//        [6/12] project.acme.gateway check ... ok (4.2 s)
//              healthy: /health live, /startupz started; /ready: ready
// JSON:  one object per line: {"event":"step","step":3,"total":12,"project":"acme",
//        "address":..,"action":"create","status":"ok","seconds":1.8}, with
//        "note" when the step has one (a health check's verdict)
// Neither ever holds a secret value: steps carry none, and error messages
// name keys by name and reference only.

#include <string>

#include "compiler/applier.h"

namespace clawform {

// The text of `event`: the head of a step's line at Start (no newline, so
// the outcome can follow on the same line), the rest at its end.
std::string render_progress_text(const ProgressEvent& event);

// A JSON line for every event but Start.
std::string render_progress_json(const ProgressEvent& event);

// The report after the steps: outcome, failure, rollback, next steps.
// `journal_dir` is where a journal was left ("" when none was).
std::string render_apply_report(const Plan& plan, const ApplyReport& report, const std::string& journal_dir,
                                bool recovering);

}  // namespace clawform
