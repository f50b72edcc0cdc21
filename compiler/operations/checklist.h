#pragma once
// The exit checklist (docs/operations.md): per project, what an operator
// compares before traffic returns after a change, a restore or a move:
// OpenClaw version, plugin list, the gateway's three probes, port, service
// state, workspace inventory, and state size. Plain data, its JSON, and the
// comparison of two checklists. backends/operations/checklist_capture.h
// captures one from a host.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/status.h"

namespace clawform {

// A directory's files: how many, their bytes, and a digest of the sorted
// relative names and sizes (not their content: cheap, and a changed file
// of the same size is what OpenClaw's own database checks are for).
struct TreeInventory {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
  std::string digest;  // hex SHA-256; of the empty list when absent
  bool operator==(const TreeInventory&) const = default;
};

struct ProjectChecklist {
  std::string project;
  std::string instance;
  std::string openclaw_version;  // "" when it could not be told
  // Plugin id -> "VERSION enabled" / "VERSION disabled" (bundled ones too).
  std::map<std::string, std::string> plugins;
  // Each probe in one line: "200 live", "200 started", "503 not ready
  // (failing: discord)", "unreachable: connection refused".
  std::string health;
  std::string startup;
  std::string ready;
  int port = 0;
  std::string service;  // "running", "stopped", "absent"
  TreeInventory workspace;
  // The state dir without its top-level cache/ and tmp/: shown, never a
  // difference (a running gateway's logs and database grow by the minute).
  std::uint64_t state_bytes = 0;
};

struct Checklist {
  std::string captured_at;  // UTC, ISO 8601 ("2026-12-01T23:42:00Z")
  std::string label;        // what it was captured for: "before apply", a file name, ...
  std::vector<ProjectChecklist> projects;  // in manifest order
};

nlohmann::json checklist_to_json(const Checklist& checklist);
// The inverse; an error names the first field that is missing or of the
// wrong type ("projects[1].port: not an integer").
Result<Checklist> checklist_from_json(const nlohmann::json& json);

// One item that differs between two checklists. `item` is one of
// "version", "plugins.<id>", "health", "startup", "ready", "port",
// "service", "workspace", or "project" (present in one checklist only).
struct ChecklistDifference {
  std::string project;
  std::string item;
  std::string before;  // "(absent)" when one side lacks it
  std::string after;
  bool expected = false;  // declared expected by the caller
};

// Every difference, in project order then item order. `expected` holds
// "PROJECT.ITEM" patterns; either part may be "*" ("*.port"), and an ITEM
// of "plugins" covers every "plugins.<id>".
std::vector<ChecklistDifference> compare_checklists(const Checklist& before, const Checklist& after,
                                                    const std::set<std::string>& expected = {});

// Whether any difference is not expected: what makes `checklist compare`
// exit 1.
bool has_unexpected(const std::vector<ChecklistDifference>& differences);

}  // namespace clawform
