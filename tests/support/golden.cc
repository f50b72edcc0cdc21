#include "tests/support/golden.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace clawform::testing {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

std::string compare_golden(const std::string& path, const std::string& actual) {
  const char* update = std::getenv("UPDATE_GOLDENS");
  if (update && std::string(update) == "1") {
    write_file(path, actual);
    return {};
  }
  if (!std::filesystem::exists(path)) return path + ": golden file missing (run with UPDATE_GOLDENS=1)";
  std::string expected = read_file(path);
  if (expected == actual) return {};
  std::istringstream e(expected), a(actual);
  std::string el, al;
  int line = 0;
  while (true) {
    ++line;
    bool more_e = static_cast<bool>(std::getline(e, el));
    bool more_a = static_cast<bool>(std::getline(a, al));
    if (!more_e && !more_a) break;
    if (!more_e || !more_a || el != al)
      return path + ":" + std::to_string(line) + ": differs\n  expected: " + (more_e ? el : "<end>") +
             "\n  actual:   " + (more_a ? al : "<end>") + "\n--- actual output ---\n" + actual;
  }
  return path + ": differs in line endings or trailing bytes";
}

std::vector<std::string> list_files(const std::string& dir, const std::string& suffix) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().generic_string();
    if (entry.is_regular_file() && name.ends_with(suffix)) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace clawform::testing
