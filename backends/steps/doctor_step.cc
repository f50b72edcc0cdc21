// doctor steps: read-only; once a changed instance's gateway is healthy,
// `openclaw doctor --lint --json --severity-min error` must report no error.
// A failure fails the step, and the apply rolls back what it changed.
// Doctor exits 1 with its report on stdout when it finds one, so the
// command's result is read here rather than through ctx.openclaw_run().
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "backends/doctor_lint.h"
#include "backends/openclaw_cli.h"
#include "backends/steps/handlers.h"

namespace clawform {

namespace {

constexpr std::array<std::string_view, 3> kSeverities = {"info", "warning", "error"};
constexpr std::size_t kFindingsShown = 5;

bool at_or_above(std::string_view severity, std::string_view minimum) {
  auto rank = [](std::string_view s) { return std::find(kSeverities.begin(), kSeverities.end(), s) - kSeverities.begin(); };
  return rank(severity) < static_cast<std::ptrdiff_t>(kSeverities.size()) && rank(severity) >= rank(minimum);
}

}  // namespace

Result<nlohmann::json> DoctorHandler::save(const Step&, const DoctorTarget&, StepContext&) {
  return nlohmann::json::object();
}

Result<std::string> DoctorHandler::run(const Step& step, const DoctorTarget& target, StepContext& ctx) {
  if (std::find(kSeverities.begin(), kSeverities.end(), target.severity_min) == kSeverities.end())
    return Status::error(fmt::format("{}: severity_min \"{}\" is not one of info, warning, error", step.address,
                                     target.severity_min));
  OpenClawCli cli(ctx.openclaw, instance_of(step), ctx.paths, ctx.command_timeout);
  ProcessRequest request = cli.request({"doctor", "--lint", "--json", "--severity-min", target.severity_min});
  ProcessResult result = ctx.host.run(request);
  const std::string command = format_argv(request.argv);
  if (result.outcome != ProcessResult::Outcome::Exited)
    return Status::error(fmt::format("`{}`: {}", command, describe_failure(result)));
  Result<DoctorLintReport> report = parse_doctor_lint(result.out);
  if (!report)
    return Status::error(fmt::format("`{}`: {}: {}", command, result.describe(), report.message()));
  std::vector<std::string> failing;
  for (const DoctorFinding& f : report->findings)
    if (at_or_above(f.severity, target.severity_min)) failing.push_back(describe_finding(f));
  if (!failing.empty()) {
    const std::size_t shown = std::min(failing.size(), kFindingsShown);
    std::string more = failing.size() > shown ? fmt::format("; and {} more", failing.size() - shown) : "";
    return Status::error(fmt::format("`{}` reports {} finding{} at {} or above: {}{}", command, failing.size(),
                                     failing.size() == 1 ? "" : "s", target.severity_min,
                                     fmt::join(failing.begin(), failing.begin() + static_cast<std::ptrdiff_t>(shown),
                                               "; "),
                                     more));
  }
  // No finding, yet doctor did not succeed: it failed in a way its report
  // does not say; never a pass.
  if (!result.succeeded() || !report->ok)
    return Status::error(fmt::format("`{}`: {} with no finding at {} or above", command, result.describe(),
                                     target.severity_min));
  return fmt::format("{} checks, no {}", report->checks_run, target.severity_min);
}

Status DoctorHandler::undo(const Step&, const DoctorTarget&, const nlohmann::json&, StepContext&) {
  return Status::ok();
}

std::string DoctorHandler::undo_text(const Step&, const DoctorTarget&) { return "none (read-only)"; }

}  // namespace clawform
