#pragma once
// CRC-32 (IEEE 802.3, the polynomial of zlib, gzip and PNG): the checksum
// each journal record carries (compiler/journal.h). It detects every change
// of up to 32 consecutive bits, so any one flipped byte, always; it is not
// a defence against someone who edits a record on purpose.

#include <cstdint>
#include <string_view>

namespace clawform {

// crc32("123456789") == 0xCBF43926, as zlib.crc32() gives.
std::uint32_t crc32(std::string_view bytes);

}  // namespace clawform
