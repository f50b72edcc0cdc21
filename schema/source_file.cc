#include "schema/source_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <filesystem>

#include <fmt/format.h>

namespace clawform {

namespace {

// Position (1-based line, byte column) of the first byte that is not part of
// a well-formed UTF-8 sequence, or a line of 0 when the text is valid.
SourceLocation first_invalid_utf8(std::string_view text) {
  int line = 1;
  std::size_t line_start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (ok && length > 1) {
      // Reject overlong forms, surrogates and code points past U+10FFFF.
      auto c1 = static_cast<unsigned char>(text[i + 1]);
      if (length == 2) ok = c >= 0xC2;
      if (length == 3) ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
      if (length == 4) ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90) && c <= 0xF4;
    }
    if (!ok) return {line, static_cast<int>(i - line_start) + 1};
    if (c == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += length;
  }
  return {};
}

}  // namespace

std::optional<SourceFile> read_source_file(const std::string& path, Diagnostics& diagnostics) {
  namespace fs = std::filesystem;
  auto fail = [&](std::string_view id, std::string message, SourceLocation at = {}) {
    diagnostics.error(id, path, at, std::move(message));
    return std::nullopt;
  };

  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fail("file-unreadable", "no such file");
  if (fs::is_directory(status)) return fail("file-unreadable", "is a directory, not a manifest file");
  if (!fs::is_regular_file(status)) return fail("file-unreadable", "is not a regular file");
  auto size = fs::file_size(path, ec);
  if (ec) return fail("file-unreadable", fmt::format("cannot read: {}", ec.message()));
  if (size > kMaxManifestBytes)
    return fail("file-too-large", fmt::format("is {} bytes; a manifest may be at most {} bytes",
                                              size, kMaxManifestBytes));

  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("file-unreadable", fmt::format("cannot open: {}", std::strerror(errno)));
  SourceFile file{path, std::string(size, '\0')};
  in.read(file.text.data(), static_cast<std::streamsize>(size));
  if (static_cast<std::size_t>(in.gcount()) != size) return fail("file-unreadable", "short read");

  if (file.text.starts_with("\xEF\xBB\xBF")) file.text.erase(0, 3);
  if (SourceLocation bad = first_invalid_utf8(file.text); bad.known())
    return fail("file-encoding", "is not valid UTF-8 (a manifest must be UTF-8 text)", bad);
  if (file.text.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail("file-empty", "is empty: a manifest needs at least apiVersion, fleet and projects");
  return file;
}

}  // namespace clawform
