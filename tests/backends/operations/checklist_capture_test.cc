#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "backends/operations/checklist_capture.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST_CASE("tree inventory: names and sizes, not following symlinks, top-level names skipped") {
  testing::TempDir dir;
  const fs::path root = dir.path();
  write(root / "a.md", "hello");
  write(root / "memory/notes.md", "0123456789");
  write(root / "cache/big.bin", std::string(1000, 'x'));
  fs::create_directory_symlink("/usr", root / "link");

  const TreeInventory all = inventory_tree(root.string());
  CHECK(all.files == 4);  // a.md, memory/notes.md, cache/big.bin, link
  CHECK(all.bytes == 1015);
  const TreeInventory without_cache = inventory_tree(root.string(), {"cache"});
  CHECK(without_cache.files == 3);
  CHECK(without_cache.bytes == 15);
  CHECK(without_cache.digest != all.digest);

  // Same names and sizes, other content: the same digest; a size or a name
  // changes it.
  write(root / "a.md", "HELLO");
  CHECK(inventory_tree(root.string()) == all);
  write(root / "a.md", "hello!");
  CHECK(inventory_tree(root.string()).digest != all.digest);
  fs::rename(root / "a.md", root / "b.md");
  CHECK(inventory_tree(root.string()).bytes == 1016);

  const TreeInventory absent = inventory_tree((root / "none").string());
  CHECK(absent.files == 0);
  CHECK(absent.digest == inventory_tree(dir.path() + "/cache/big.bin").digest);  // not a dir: empty too
}

}  // namespace
}  // namespace clawform
