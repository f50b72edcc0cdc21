#pragma once
// Where a restore drill boots its scratch gateway: a loopback port P from
// the operator's range (--scratch-ports) such that P and every port a
// gateway on P may take (P..P+110, docs/ports.md) lie inside the range and
// are free. Pure: the caller says which ports are taken.

#include <functional>
#include <optional>
#include <string_view>

#include "compiler/status.h"

namespace clawform {

// The range a drill uses when the operator names none: 10000 above
// OpenClaw's default gateway port, below Linux's ephemeral ports
// (32768-60999) and apart from fleet cells (19100 up).
inline constexpr std::string_view kDefaultScratchPorts = "28789-29788";

struct ScratchPortRange {
  int first = 0;
  int last = 0;  // inclusive
};

// "40600-40999" (or one port); an error saying the expected shape.
Result<ScratchPortRange> parse_scratch_ports(std::string_view text);

// The lowest P in `range` with P..P+span-1 inside it and none `taken`;
// nullopt when there is none.
std::optional<int> free_port_block(const ScratchPortRange& range, int span, const std::function<bool(int)>& taken);

}  // namespace clawform
