// Hostile and broken inputs: each gets one clear diagnostic, no crash, and
// nothing unbounded. (Time is measured by bench/, not asserted here.)
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "schema/validate.h"
#include "tests/support/golden.h"
#include "tests/support/temp_dir.h"

namespace clawform {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string write(const TempDir& dir, const std::string& name, const std::string& content) {
  testing::write_file(dir.path(name), content);
  return dir.path(name);
}

// The report for `path`, with the temp dir's path replaced by "DIR".
std::string report(const std::string& path, const TempDir& dir) {
  std::string text = render_validation_text(validate_file(path, false));
  std::string prefix = dir.path() + "/";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.replace(at, prefix.size(), "DIR/");
  return text;
}

TEST_CASE("hostile: a YAML alias bomb is refused") {
  TempDir dir;
  std::string yaml = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    char prev = static_cast<char>(c - 1);
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) yaml += std::string(i ? ", " : "") + "*" + prev;
    yaml += "]\n";
  }
  CHECK(report(write(dir, "bomb.yaml", yaml), dir) ==
        "DIR/bomb.yaml:6:8: error: [yaml-alias-limit] aliases expand to more than 100000 nodes (an alias "
        "bomb?)\n    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n           ^\n"
        "DIR/bomb.yaml: invalid, 1 error\n");
}

TEST_CASE("hostile: a 10 MB manifest is refused before parsing") {
  TempDir dir;
  std::string yaml = "apiVersion: clawform/v1\n";
  while (yaml.size() < 10 * 1024 * 1024) yaml += "# padding padding padding padding padding padding\n";
  std::string path = write(dir, "big.yaml", yaml);
  CHECK(report(path, dir) == "DIR/big.yaml: error: [file-too-large] is " + std::to_string(yaml.size()) +
                                 " bytes; a manifest may be at most 8388608 bytes\nDIR/big.yaml: invalid, 1 error\n");
}

TEST_CASE("hostile: 3000-deep nesting is refused - block or flow") {
  TempDir dir;
  std::string flow = std::string(3000, '[') + std::string(3000, ']') + "\n";
  CHECK(report(write(dir, "flow.yaml", flow), dir).starts_with(
      "DIR/flow.yaml:1:65: error: [yaml-depth-limit] nesting is deeper than 64 levels\n"));
  std::string block;
  for (int i = 0; i < 3000; ++i) block += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  CHECK(report(write(dir, "block.yaml", block), dir).starts_with(
      "DIR/block.yaml:65:65: error: [yaml-depth-limit] nesting is deeper than 64 levels\n"));
}

TEST_CASE("hostile: bytes that are not UTF-8 are named by position") {
  TempDir dir;
  CHECK(report(write(dir, "latin1.yaml", "apiVersion: clawform/v1\nfleet: caf\xe9-01\n"), dir) ==
        "DIR/latin1.yaml:2:11: error: [file-encoding] is not valid UTF-8 (a manifest must be UTF-8 text)\n"
        "DIR/latin1.yaml: invalid, 1 error\n");
}

TEST_CASE("hostile: empty - comment-only and scalar documents") {
  TempDir dir;
  CHECK(report(write(dir, "empty.yaml", ""), dir) ==
        "DIR/empty.yaml: error: [file-empty] is empty: a manifest needs at least apiVersion, fleet and "
        "projects\nDIR/empty.yaml: invalid, 1 error\n");
  CHECK(report(write(dir, "comment.yaml", "# nothing here\n"), dir) ==
        "DIR/comment.yaml: error: [file-empty] holds no YAML document\nDIR/comment.yaml: invalid, 1 error\n");
  CHECK(report(write(dir, "scalar.yaml", "hello\n"), dir) ==
        "DIR/scalar.yaml:1:1: error: [wrong-type] the manifest must be a mapping, not a string\n"
        "    hello\n    ^\nDIR/scalar.yaml: invalid, 1 error\n");
}

TEST_CASE("hostile: a directory and a missing file") {
  TempDir dir;
  fs::create_directories(dir.path("fleet.d"));
  CHECK(report(dir.path("fleet.d"), dir) ==
        "DIR/fleet.d: error: [file-unreadable] is a directory, not a manifest file\nDIR/fleet.d: invalid, 1 error\n");
  CHECK(report(dir.path("nope.yaml"), dir) ==
        "DIR/nope.yaml: error: [file-unreadable] no such file\nDIR/nope.yaml: invalid, 1 error\n");
}

}  // namespace
}  // namespace clawform
