#include "backends/config_preflight.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "backends/config_patch.h"
#include "backends/file_io.h"
#include "backends/openclaw_cli.h"
#include "backends/parallel.h"

namespace clawform {

namespace {

// A private directory for the patch files, removed with the object. Its
// files are readable by others (topology B runs openclaw as another user);
// they hold no secrets.
class PatchDir {
 public:
  PatchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "clawform-preflight-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return;
    path_ = pattern;
    ::chmod(path_.c_str(), 0711);  // best effort: at 0700 only topology B's users cannot read it
  }
  ~PatchDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  PatchDir(const PatchDir&) = delete;
  PatchDir& operator=(const PatchDir&) = delete;

  const std::string& path() const { return path_; }  // "" when it could not be made

 private:
  std::string path_;
};

}  // namespace

std::vector<PlanError> preflight_config(const Plan& plan, const DesiredState& desired, const HostPaths& paths,
                                        const DiscoverOptions& options) {
  std::vector<const Step*> steps;
  for (const Step& step : plan.steps)
    if (step.kind == StepKind::Config) steps.push_back(&step);
  if (steps.empty()) return {};

  PatchDir dir;
  if (dir.path().empty()) return {{"", "config preflight: cannot make a temporary directory"}};
  std::vector<std::optional<PlanError>> refused(steps.size());
  run_parallel(steps.size(), options.jobs, [&](std::size_t i) {
    const Step& step = *steps[i];
    auto instance = std::find_if(desired.instances.begin(), desired.instances.end(),
                                 [&](const DesiredInstance& d) { return serves_project(d.layout, step.project); });
    if (instance == desired.instances.end()) {
      refused[i] = PlanError{step.project, "config preflight: no instance of the manifest serves this project"};
      return;
    }
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [path, value] : step.as<ConfigTarget>().set)
      if (!is_secret_ref(value)) values[path] = value;
    const std::string patch_file = fmt::format("{}/{}.json", dir.path(), i);
    if (Status written = write_file_atomic(patch_file, nested_config_patch(values).dump(2) + "\n", 0644); !written) {
      refused[i] = PlanError{step.project, "config preflight: " + written.message()};
      return;
    }
    // A release this plan installs is not there yet: its config is checked by
    // the given openclaw (the apply checks it again with its own).
    InstanceLayout layout = instance->layout;
    if (!layout.openclaw.empty() && ::access(layout.openclaw.c_str(), X_OK) != 0) layout.openclaw.clear();
    OpenClawCli cli(options.openclaw, layout, paths, options.command_timeout);
    ProcessResult result = cli.run({"config", "patch", "--file", patch_file, "--dry-run"});
    if (!result.succeeded())
      refused[i] = PlanError{step.project, fmt::format("openclaw refuses the config this plan sets (`openclaw config "
                                                       "patch --dry-run`): {}",
                                                       describe_failure(result))};
  });

  std::vector<PlanError> errors;
  for (std::optional<PlanError>& e : refused)
    if (e) errors.push_back(std::move(*e));
  return errors;
}

}  // namespace clawform
