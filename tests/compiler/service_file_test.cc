// Service files: what render_service_file() writes is what a service
// manager accepts (systemd-analyze verify for units, plistlib for plists),
// and read_service_fields() reads back the profile, port and state dir.
#include "compiler/service_file.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "backends/process_runner.h"
#include "compiler/service_file_fields.h"
#include "tests/support/temp_dir.h"

namespace clawform::testing {
namespace {

// A topology C instance (acme) of a host of `os`, its home under `home`.
InstanceLayout layout_of(const std::string& manager, const std::string& home, std::optional<std::string> profile) {
  InstanceLayout layout;
  layout.instance = profile.value_or("default");
  layout.profile = profile;
  layout.home = home;
  layout.state_dir = home + (profile ? "/.openclaw-" + *profile : std::string("/.openclaw"));
  layout.config_path = layout.state_dir + "/openclaw.json";
  layout.port = 32000;
  layout.service_manager = manager;
  if (manager == "launchd") {
    layout.service_name = profile ? "ai.openclaw." + *profile : "ai.openclaw.gateway";
    layout.service_file = home + "/Library/LaunchAgents/" + layout.service_name + ".plist";
  } else {
    layout.service_name = profile ? "openclaw-gateway-" + *profile + ".service" : "openclaw-gateway.service";
    layout.service_file = home + "/.config/systemd/user/" + layout.service_name;
  }
  return layout;
}

void write(const std::string& path, const std::string& text, unsigned mode) {
  std::ofstream(path, std::ios::binary) << text;
  ::chmod(path.c_str(), mode);
}

ProcessResult run(std::vector<std::string> argv) {
  ProcessRequest request;
  request.argv = std::move(argv);
  request.env = {{"PATH", "/usr/bin:/bin"}, {"LANG", "C.UTF-8"}};
  return run_process(request);
}

// Homes and binaries an operator may have: plain, and with the characters
// systemd and XML treat specially.
const std::vector<std::string> kHomes = {"/home/operator", "/home/op erator/100% \"$HOME\" \\x & <y>"};

TEST_CASE("service file: the profile, port and state dir read back from what was rendered") {
  for (const char* manager : {"launchd", "systemd"})
    for (const std::string& home : kHomes)
      for (std::optional<std::string> profile : {std::optional<std::string>("acme"), std::optional<std::string>()}) {
        CAPTURE(manager);
        CAPTURE(home);
        InstanceLayout layout = layout_of(manager, home, profile);
        const std::string binary = home + "/bin/open claw%";
        const std::string text = render_service_file(layout, binary);
        Result<ServiceFileFields> fields = read_service_fields(manager, text);
        REQUIRE_MESSAGE(fields.is_ok(), fields.message());
        CHECK(fields->argv.front() == binary);
        CHECK(fields->profile == profile);
        CHECK(fields->port == 32000);
        CHECK(fields->state_dir == layout.state_dir);
        for (const auto& [name, value] : instance_environment(layout)) {
          CAPTURE(name);
          CHECK(std::find(fields->environment.begin(), fields->environment.end(), std::pair(name, value)) !=
                fields->environment.end());
        }
        CHECK(check_service_fields(layout.service_file, text, layout).is_ok());
      }
}

TEST_CASE("service file: a file naming another port, profile or state dir is refused, each difference named") {
  InstanceLayout layout = layout_of("systemd", "/home/operator", "acme");
  InstanceLayout other = layout;
  other.port = 32120;
  other.profile = "globex";
  other.state_dir = "/home/operator/.openclaw-globex";
  const std::string text = render_service_file(other, "/usr/bin/openclaw");
  CHECK(check_service_fields("/u.service", text, layout).message() ==
        "/u.service: read back: --profile is `globex`, the manifest says `acme`; --port is `32120`, the manifest "
        "says `32000`; OPENCLAW_STATE_DIR is `/home/operator/.openclaw-globex`, the manifest says "
        "`/home/operator/.openclaw-acme`");
  CHECK(check_service_fields("/u.service", "[Service]\nExecStart=\"/bin/x\n", layout).message() ==
        "/u.service: read back: unterminated quote in `\"/bin/x`");
  CHECK(check_service_fields("/a.plist", "<plist><dict></dict></plist>", layout_of("launchd", "/Users/o", "acme"))
            .message() == "/a.plist: read back: no ProgramArguments array");
}

TEST_CASE("service file: systemd-analyze verify accepts every unit clawform writes") {
  REQUIRE_MESSAGE(std::filesystem::exists("/usr/bin/systemd-analyze"), "systemd-analyze: run scripts/setup");
  for (const std::string& home : kHomes) {
    for (std::optional<std::string> profile : {std::optional<std::string>("acme"), std::optional<std::string>()}) {
      CAPTURE(home);
      TempDir dir;
      // The unit's binary must exist and be executable for verify to pass.
      const std::string bin_dir = dir.path("bin with space%");
      std::filesystem::create_directories(bin_dir);
      const std::string binary = bin_dir + "/openclaw";
      write(binary, "#!/bin/sh\nexit 0\n", 0755);
      InstanceLayout layout = layout_of("systemd", dir.path("home") + home, profile);
      const std::string unit = dir.path(layout.service_name);
      write(unit, render_service_file(layout, binary), 0644);
      ProcessResult verified = run({"/usr/bin/systemd-analyze", "verify", "--man=no", unit});
      CHECK_MESSAGE(verified.succeeded(), verified.describe(), "\n", verified.out, verified.err);
      CHECK_MESSAGE(verified.err.empty(), verified.err);
    }
  }
}

TEST_CASE("service file: every plist clawform writes parses as a property list with the argv and env it names") {
  REQUIRE_MESSAGE(std::filesystem::exists("/usr/bin/python3"), "python3: run scripts/setup");
  for (const std::string& home : kHomes) {
    CAPTURE(home);
    TempDir dir;
    InstanceLayout layout = layout_of("launchd", home, "acme");
    const std::string plist = dir.path("ai.openclaw.acme.plist");
    write(plist, render_service_file(layout, home + "/bin/openclaw"), 0644);
    // plistlib parses it; print what a launchd job would run, one item a line.
    ProcessResult parsed = run({"/usr/bin/python3", "-c",
                                "import plistlib, sys\n"
                                "p = plistlib.load(open(sys.argv[1], 'rb'))\n"
                                "assert p['RunAtLoad'] is True and p['KeepAlive'] is True, p\n"
                                "print(p['Label'])\n"
                                "for a in p['ProgramArguments']: print(a)\n"
                                "for k, v in p['EnvironmentVariables'].items(): print(k + '=' + v)\n",
                                plist});
    REQUIRE_MESSAGE(parsed.succeeded(), parsed.describe(), "\n", parsed.err);
    std::string argv = "ai.openclaw.acme\n" + home + "/bin/openclaw\n--profile\nacme\n";
    for (const std::string& a : gateway_run_args(32000)) argv += a + "\n";
    CHECK(parsed.out.starts_with(argv));
    for (const auto& [name, value] : instance_environment(layout))
      CHECK(parsed.out.find("\n" + name + "=" + value + "\n") != std::string::npos);
  }
}

}  // namespace
}  // namespace clawform::testing
