#pragma once
// What one `clawform status` run found, per project, and its JSON
// (docs/operations.md, "status"): the gateway's three probes, the OpenClaw
// it runs, the plugin pins against the manifest, disk use, and the trend
// and alerts of the history (compiler/operations/status_history.h).
// backends/operations/status_sample.h fills it from a host without
// starting openclaw.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compiler/live_state.h"
#include "compiler/operations/status_history.h"
#include "schema/model.h"

namespace clawform {

// One probe endpoint in one line: "200 live", "200 started", "503 not ready
// (failing: discord)", "unreachable: connection refused".
struct ProbeResult {
  bool ok = false;
  std::string detail;
};

ProbeResult health_probe(const GatewayState& gateway);   // ok: /health says live
ProbeResult startup_probe(const GatewayState& gateway);  // ok: /startupz says started
ProbeResult ready_probe(const GatewayState& gateway);    // ok: /ready says ready

// A package npm installed into one of the instance's npm projects, as its
// install record (package-lock.json) says; `error` when the record was
// there but unreadable.
struct InstalledPackage {
  std::string version;
  std::string error;
};

// One plugin the manifest names for a project, against what is installed.
struct PinStatus {
  std::string package;
  std::string manifest;   // the pinned version; "" when the manifest removes the package
  std::string installed;  // "" when not installed
  std::string error;      // the install record could not be read
  bool ok() const { return error.empty() && installed == manifest; }
};

// The project's pins (manifest order), then its removals (remove_plugins),
// against `installed` (by package name).
std::vector<PinStatus> compare_pins(const Project& project, const std::map<std::string, InstalledPackage>& installed);

// A drifted pin in one phrase: "@openclaw/nostr 2026.9.5 (manifest 2026.9.6)",
// "@openclaw/nostr not installed (manifest 2026.9.6)", "@x 1.0.0 (manifest
// removes it)", "@x: <error>".
std::string describe_pin(const PinStatus& pin);

struct ProjectStatus {
  std::string project;
  std::string instance;
  int port = 0;          // the manifest's
  std::string service;   // "running" or "stopped" (Host::gateway_running)
  ProbeResult health;
  ProbeResult startup;
  ProbeResult ready;
  std::string version;           // what /startupz names; "" when it did not answer
  std::string manifest_version;  // the OpenClaw the manifest pins for the project
  std::vector<PinStatus> pins;
  std::uint64_t disk_bytes = 0;  // the state dir without cache/ and tmp/, + a workspace outside it
};

struct StatusReport {
  std::int64_t time = 0;  // seconds since the epoch, UTC
  std::vector<ProjectStatus> projects;  // in manifest order
  std::vector<ProjectTrend> trends;     // one per project, same order
  std::vector<std::string> warnings;    // damaged history lines, ...

  bool alerting() const;
};

// This run's sample for the history.
StatusSample sample_of(const StatusReport& report);

// The stable JSON document of `clawform status --json` (format
// "clawform-status/1", documented in docs/operations.md).
nlohmann::ordered_json status_to_json(const StatusReport& report);

}  // namespace clawform
