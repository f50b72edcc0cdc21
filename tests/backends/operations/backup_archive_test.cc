// The backup's tar work: a gzip'd tar copied without the entries taken out
// (which come back in memory), and a tar built in memory.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "backends/file_io.h"
#include "backends/operations/backup_archive.h"

namespace clawform {
namespace {

TEST_CASE("backup archive: copied without the taken entries, which come back in memory") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("clawform-archive-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<TarMember> members = {{"root/payload/s", true, 0700},
                                    {"root/payload/s/.env", false, 0600, "KEY=sk-canary-archive"},
                                    {"root/payload/s/credentials", true, 0700},
                                    {"root/payload/s/credentials/a.json", false, 0600, "{\"t\":1}"},
                                    {"root/payload/s/openclaw.json", false, 0600, "{}"}};
  Result<std::string> tar = tar_in_memory(members, 0);
  REQUIRE(tar);
  REQUIRE(write_file_atomic((dir / "in.tar").string(), *tar, 0600));

  auto take = [](std::string_view name) -> std::optional<std::string> {
    std::string n(name);
    while (n.ends_with('/')) n.pop_back();
    const std::string prefix = "root/payload/s/";
    if (!n.starts_with(prefix)) return std::nullopt;
    std::string rel = n.substr(prefix.size());
    if (rel == ".env" || rel == "credentials" || rel.starts_with("credentials/")) return rel;
    return std::nullopt;
  };
  Result<ArchiveCopy> copy = copy_archive_without((dir / "in.tar").string(), (dir / "out.tar.gz").string(), take);
  REQUIRE(copy);
  CHECK(copy->entries_kept == 2);
  REQUIRE(copy->taken.size() == 3);
  CHECK(copy->taken[0].name == ".env");
  CHECK(copy->taken[0].data == "KEY=sk-canary-archive");
  CHECK(copy->taken[1].directory);
  const fs::perms mode = fs::status(dir / "out.tar.gz").permissions() & fs::perms::all;
  CHECK(mode == (fs::perms::owner_read | fs::perms::owner_write));

  Result<std::string> kept = read_file((dir / "out.tar.gz").string());
  REQUIRE(kept);
  CHECK(kept->find("sk-canary-archive") == std::string::npos);
  Result<std::vector<std::string>> names = tar_member_names(*kept);
  REQUIRE(names);
  CHECK(*names == std::vector<std::string>{"root/payload/s/", "root/payload/s/openclaw.json"});
  wipe(copy->taken);
  CHECK(copy->taken[0].data.empty());

  CHECK(copy_archive_without((dir / "absent.tar").string(), (dir / "x.tar.gz").string(), take).message().find(
            "cannot read") == 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace clawform
