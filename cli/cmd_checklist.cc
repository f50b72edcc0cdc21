// clawform checklist capture FILE [--out OUT] [--label L] [--json] [--project P] [host flags]
// clawform checklist compare BEFORE AFTER [--expect PROJECT.ITEM]... [--markdown]
// The exit checklist (docs/operations.md): captured from the host, and two
// captures side by side. compare exits 1 on a difference not declared
// expected (and on an error), 0 otherwise.
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backends/file_io.h"
#include "backends/operations/checklist_capture.h"
#include "backends/os_accounts.h"
#include "backends/real_host.h"
#include "cli/commands.h"
#include "cli/host_flags.h"
#include "compiler/operations/checklist_render.h"
#include "compiler/project_filter.h"
#include "schema/validate.h"

namespace clawform::cli {

namespace {

struct CaptureFlags {
  std::string file;
  HostFlags host;
  std::string out;
  std::string label;
  bool json = false;
  std::vector<std::string> projects;
};

struct CompareFlags {
  std::string before;
  std::string after;
  std::vector<std::string> expected;
  bool markdown = false;
};

int fail(const std::string& message) {
  std::fputs(fmt::format("error: {}\n", message).c_str(), stderr);
  return 1;
}

int run_capture(const CaptureFlags& flags) {
  FileValidation validation = validate_file(flags.file, /*strict=*/false);
  if (validation.diagnostics.has_errors()) {
    std::fputs(render_validation_text(validation).c_str(), stderr);
    return 1;
  }
  Manifest manifest = *validation.manifest;
  if (!flags.projects.empty()) {
    Result<Manifest> selected = select_projects(manifest, flags.projects);
    if (!selected) return fail(selected.message());
    manifest = std::move(*selected);
  }
  const DiscoverOptions options = discover_options(flags.host);
  HostPaths paths = resolve_host_paths(manifest, options.root, options.real_home, options.real_users);
  RealHost host(paths, {});
  const std::string label = flags.label.empty() ? fmt::format("{} ({})", manifest.fleet, flags.file) : flags.label;
  Result<Checklist> checklist = capture_checklist(host, manifest, options, label);
  if (!checklist) return fail(checklist.message());
  const std::string json = checklist_to_json(*checklist).dump(2) + "\n";
  if (!flags.out.empty()) {
    if (Status written = write_file_atomic(flags.out, json, 0644); !written) return fail(written.message());
    std::fputs(fmt::format("Captured the exit checklist of {} project(s) into {}.\n", checklist->projects.size(),
                           flags.out)
                   .c_str(),
               stdout);
    return 0;
  }
  std::fputs((flags.json ? json : render_checklist_text(*checklist)).c_str(), stdout);
  return 0;
}

Result<Checklist> read_checklist(const std::string& path) {
  Result<std::string> text = read_file(path);
  if (!text) return Status::error(text.message());
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::error(fmt::format("{}: not JSON", path));
  Result<Checklist> checklist = checklist_from_json(doc);
  if (!checklist) return Status::error(fmt::format("{}: {}", path, checklist.message()));
  return checklist;
}

int run_compare(const CompareFlags& flags) {
  Result<Checklist> before = read_checklist(flags.before);
  if (!before) return fail(before.message());
  Result<Checklist> after = read_checklist(flags.after);
  if (!after) return fail(after.message());
  for (const std::string& pattern : flags.expected)
    if (pattern.find('.') == std::string::npos || pattern.front() == '.' || pattern.back() == '.')
      return fail(fmt::format("--expect {}: say PROJECT.ITEM (either may be *), e.g. acme.plugins.nostr or *.port",
                              pattern));
  const std::set<std::string> expected(flags.expected.begin(), flags.expected.end());
  const std::vector<ChecklistDifference> differences = compare_checklists(*before, *after, expected);
  const std::string out = flags.markdown ? render_checklist_comparison_markdown(*before, *after, differences)
                                         : render_checklist_comparison_text(*before, *after, differences);
  std::fputs(out.c_str(), stdout);
  return has_unexpected(differences) ? 1 : 0;
}

}  // namespace

Command add_checklist_command(CLI::App& root) {
  auto capture = std::make_shared<CaptureFlags>();
  auto compare = std::make_shared<CompareFlags>();
  CLI::App* app = root.add_subcommand("checklist", "Capture the exit checklist of a host, or compare two captures");
  app->require_subcommand(1);

  CLI::App* capture_app = app->add_subcommand(
      "capture", "Record per project: version, plugins, /health, /startupz, /ready, port, service, workspace");
  capture_app->add_option("file", capture->file, "Manifest file (fleet.yaml)")->required();
  add_host_flags(*capture_app, capture->host);
  capture_app->add_option("--out", capture->out, "Write the checklist as JSON to this file");
  capture_app->add_option("--label", capture->label, "What it is captured for (shown by compare)");
  capture_app->add_flag("--json", capture->json, "Print JSON instead of text (without --out)");
  capture_app->add_option("--project", capture->projects, "Only this project (repeatable)");

  CLI::App* compare_app =
      app->add_subcommand("compare", "Show two checklists side by side; exit 1 on a difference not expected");
  compare_app->add_option("before", compare->before, "Checklist file (JSON)")->required();
  compare_app->add_option("after", compare->after, "Checklist file (JSON)")->required();
  compare_app->add_option("--expect", compare->expected,
                          "A difference that is expected: PROJECT.ITEM, either part may be * (repeatable)");
  compare_app->add_flag("--markdown", compare->markdown, "Markdown for a change ticket");

  return {app, [capture_app, capture, compare] { return capture_app->parsed() ? run_capture(*capture)
                                                                                : run_compare(*compare); }};
}

}  // namespace clawform::cli
