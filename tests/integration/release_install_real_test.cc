// OpenClaw releases installed side by side from the real npm registry
// (backends/release_install.h): openclaw 2026.9.5 on Node 24 into a
// sandbox root's release dir, its launcher runs that version, npm's record
// holds the registry's integrity; its files are writable by their owner
// alone and readable by all, even under umask 000; a second install is a
// no-op; a lock integrity that is not the registry's installs nothing and
// leaves nothing.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "backends/npm_registry.h"
#include "backends/process_runner.h"
#include "backends/real_host.h"
#include "backends/release_install.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

using namespace std::chrono_literals;

HostPaths sandbox(const std::string& root) { return host_paths(HostOs::Linux, root, ""); }

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("release install (real openclaw from npm): launcher - integrity - modes under umask 000 - no-op - tampered") {
  testing::TempDir root;
  const HostPaths paths = sandbox(root.path());
  RealHost host(paths, {});
  const OpenClawRelease release{"2026.9.5", 24};
  Result<LockedPackage> served = npm_view("openclaw", "2026.9.5", {});
  REQUIRE_MESSAGE(served, served.message());

  SUBCASE("a tampered lock integrity installs nothing") {
    ReleaseInstallOptions options;
    options.integrity = "sha512-" + std::string(86, 'A') + "==";
    Result<ReleaseInstall> done = install_release(host, paths, release, options);
    REQUIRE_FALSE(done);
    CHECK(done.message().find("clawform.lock says sha512-AAAA") != std::string::npos);
    CHECK(done.message().find(served->integrity) != std::string::npos);
    CHECK(entries(releases_dir(paths)).empty());  // neither the prefix nor its staging dir
  }

  SUBCASE("installed under umask 000, run, installed again") {
    const mode_t umask_before = ::umask(0);
    ReleaseInstallOptions options;
    options.integrity = served->integrity;
    Result<ReleaseInstall> done = install_release(host, paths, release, options);
    ::umask(umask_before);
    REQUIRE_MESSAGE(done, done.message());
    CHECK(done->installed);
    CHECK(done->prefix == root.path() + "/opt/clawform/openclaw/2026.9.5-node24");
    CHECK(done->record.openclaw_version == "2026.9.5");
    CHECK(done->record.integrity == served->integrity);
    CHECK(done->record.node_version.rfind("24.", 0) == 0);
    CHECK(entries(releases_dir(paths)) == std::vector<std::string>{"2026.9.5-node24"});

    // Writable by its owner alone, readable by all (umask 000 here: npm's own
    // modes would let any user change the binary the others run).
    std::size_t shared_wrongly = 0, files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(done->prefix)) {
      if (e.is_symlink()) continue;
      ++files;
      const auto p = e.status().permissions();
      using std::filesystem::perms;
      if ((p & (perms::group_write | perms::others_write)) != perms::none || (p & perms::others_read) == perms::none)
        ++shared_wrongly;
    }
    CHECK(files > 100);
    CHECK(shared_wrongly == 0);

    ProcessRequest version;
    version.argv = {release_launcher(done->prefix), "--version"};
    version.env = {{"PATH", "/usr/bin:/bin"}, {"HOME", root.path()}};
    version.timeout = 120s;
    ProcessResult ran = run_process(version);
    REQUIRE_MESSAGE(ran.succeeded(), ran.describe() << ": " << ran.err_tail());
    CHECK(ran.out.find("2026.9.5") != std::string::npos);

    Result<ReleaseInstall> again = install_release(host, paths, release, options);
    REQUIRE_MESSAGE(again, again.message());
    CHECK_FALSE(again->installed);
    CHECK(again->record == done->record);

    Result<std::optional<ReleaseRecord>> read = read_release(host, done->prefix, {"2026.9.6", 24});
    CHECK_FALSE(read);  // the prefix does not hold another version
  }
}

}  // namespace
}  // namespace clawform
