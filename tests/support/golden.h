#pragma once
// Golden files: expected outputs compared byte for byte. Run the tests with
// UPDATE_GOLDENS=1 to rewrite them from the actual output, then review the
// diff like any other change.

#include <string>
#include <vector>

namespace clawform::testing {

// The file's bytes, or "" when it does not exist.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& content);

// Compares `actual` with the golden file at `path`. Returns "" on a match
// (or after rewriting under UPDATE_GOLDENS=1), else a unified-style report.
std::string compare_golden(const std::string& path, const std::string& actual);

// Files directly in `dir` whose names end in `suffix`, sorted.
std::vector<std::string> list_files(const std::string& dir, const std::string& suffix);

}  // namespace clawform::testing
