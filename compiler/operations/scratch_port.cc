#include "compiler/operations/scratch_port.h"

#include <charconv>

#include <fmt/format.h>

namespace clawform {

Result<ScratchPortRange> parse_scratch_ports(std::string_view text) {
  auto number = [](std::string_view digits, int& out) {
    return !digits.empty() && digits.size() <= 5 &&
           std::from_chars(digits.data(), digits.data() + digits.size(), out).ptr == digits.data() + digits.size();
  };
  ScratchPortRange range;
  const std::size_t dash = text.find('-');
  bool ok = number(text.substr(0, dash), range.first);
  range.last = range.first;
  if (ok && dash != std::string_view::npos) ok = number(text.substr(dash + 1), range.last);
  if (!ok || range.first < 1 || range.last > 65535 || range.first > range.last)
    return Status::error(
        fmt::format("--scratch-ports {}: expected FIRST-LAST, ports between 1 and 65535 (e.g. {})", text,
                    kDefaultScratchPorts));
  return range;
}

std::optional<int> free_port_block(const ScratchPortRange& range, int span, const std::function<bool(int)>& taken) {
  for (int p = range.first; p + span - 1 <= range.last; ++p) {
    int clash = -1;
    for (int q = p; q < p + span; ++q)
      if (taken(q)) clash = q;
    if (clash < 0) return p;
    p = clash;  // every block holding `clash` is taken too
  }
  return std::nullopt;
}

}  // namespace clawform
