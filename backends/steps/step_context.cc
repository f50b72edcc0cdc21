#include "backends/steps/step_context.h"

#include <algorithm>

#include <fmt/format.h>

#include "backends/openclaw_cli.h"
#include "compiler/clawform_dir.h"

namespace clawform {

std::string StepContext::saved_dir(const Step& step) const { return ClawformDir{paths.clawform_dir}.saved(step.index); }

Result<std::string> StepContext::openclaw_run(const InstanceLayout& instance, const std::vector<std::string>& args) {
  OpenClawCli cli(openclaw, instance, paths, command_timeout);
  ProcessRequest request = cli.request(args);
  ProcessResult result = host.run(request);
  if (!result.succeeded())
    return Status::error(fmt::format("`{}`: {}", format_argv(request.argv), describe_failure(result)));
  return std::move(result.out);
}

void StepContext::restart_later(const std::shared_ptr<const InstanceLayout>& instance) {
  auto same = [&](const std::shared_ptr<const InstanceLayout>& i) { return i->instance == instance->instance; };
  if (std::none_of(restart_after_rollback.begin(), restart_after_rollback.end(), same))
    restart_after_rollback.push_back(instance);
}

const InstanceLayout& instance_of(const Step& step) { return *step.instance; }

}  // namespace clawform
