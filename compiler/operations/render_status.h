#pragma once
// The two other views of a status report (compiler/operations/status_report.h):
// the operator's table, and the node_exporter textfile collector file.

#include <string>

#include "compiler/operations/status_report.h"

namespace clawform {

// One row per project (service, health, ready, version, pins, disk, weekly
// growth), a line per failing probe, then every alert and a closing line.
std::string render_status_text(const StatusReport& report);

// Prometheus text exposition format 0.0.4 as node_exporter's textfile
// collector reads it: a HELP and a TYPE line before each family, the
// family's samples together, every sample labelled project="...". The
// metrics are listed in docs/operations.md.
std::string render_status_prometheus(const StatusReport& report);

}  // namespace clawform
