#pragma once
// Reading what the openclaw CLI prints and writes (shapes observed from the
// real 2026.9.x CLI: ../shared/openclaw/README.md). Pure functions over
// text; unknown fields are tolerated. Each returns an error message instead
// of throwing (a Result).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/live_state.h"
#include "compiler/status.h"

namespace clawform {

// "OpenClaw 2026.9.6 (eb377ac)" -> "2026.9.6".
Result<std::string> parse_openclaw_version(std::string_view text);

// What kNodeProbe makes the Node that runs openclaw print: "node 24.21.0"
// -> "24.21.0". An error when no line has that shape (openclaw started
// instead: its launcher did not run Node, or dropped NODE_OPTIONS).
Result<std::string> parse_node_probe(std::string_view text);

// `plugins list --json`: {workspaceDir, registry, plugins:[{id, name, version,
// origin, enabled, status, trust:{installSource, installSpec}, ...}], ...}.
// Plugins come back sorted by id.
Result<std::vector<PluginState>> parse_plugins_list(std::string_view json_text);

// openclaw.json (JSON; // and /* */ comments allowed, not the rest of
// JSON5) -> the values at the paths compiler/config_registry.h manages.
// Never reads a secret value: a plain-string SecretRef is recorded as
// {source: "inline"}.
Result<ConfigState> parse_openclaw_config(std::string_view json_text);

// The message of an `{"ok":false,"error":{"type","message"}}` document that
// openclaw prints with --json on failure, if `text` is one.
std::optional<std::string> openclaw_error_message(std::string_view text);

}  // namespace clawform
