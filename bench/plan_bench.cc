// The plan core's benchmark, and the generator of the live states it (and
// the golden fixtures) plan against.
//
//   plan_bench synth MANIFEST ROOT fresh|converged|drifted > live.json
//   plan_bench run MANIFEST LIVE_JSON
//
// `run` times each stage of `clawform plan` that does not touch the host —
// parse and validate, desired state, diff and order, the three renderers —
// and reports peak RSS. Discovery is timed apart (bench/discover_bench.sh).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "backends/steps/step_handlers.h"
#include "cli/allocator.h"
#include "compiler/diff.h"
#include "compiler/live_state_json.h"
#include "compiler/plan_file.h"
#include "compiler/render_plan_markdown.h"
#include "compiler/render_plan_text.h"
#include "schema/validate.h"
#include "tests/support/synthetic_host.h"

namespace clawform {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A field of /proc/self/status in KB: "VmHWM" (peak RSS), "VmRSS".
long status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// Starts a new peak at the current RSS (Linux >= 4.0), so the core's peak
// excludes the JSON parser's while reading the recorded live state.
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

std::optional<FileValidation> load(const std::string& path) {
  FileValidation v = validate_file(path, false);
  if (v.diagnostics.has_errors() || !v.manifest) {
    std::fputs(render_validation_text(v).c_str(), stderr);
    return std::nullopt;
  }
  return v;
}

// Drift on two instances in three: the first of each three has its port,
// a plugin's version and an extra plugin changed; the second a key value
// and its gateway down; the third is as desired.
void drift(LiveState& live) {
  for (std::size_t n = 0; n < live.instances.size(); ++n) {
    InstanceState& i = live.instances[n];
    if (n % 3 == 0) {
      i.config.values["gateway.port"] = *i.config.gateway_port() + 1000;
      if (!i.plugins.empty()) {
        PluginState& p = i.plugins.front();
        p.version = "2026.9.4";
        p.install_spec = p.install_spec.substr(0, p.install_spec.rfind('@')) + "@2026.9.4";
      }
      i.plugins.push_back({"voice-call", "Voice Call", "2026.9.1", "global", true, "loaded", "npm",
                           "@openclaw/voice-call@2026.9.1", ""});
    } else if (n % 3 == 1) {
      for (ProjectFiles& f : i.files)
        for (auto& [name, digest] : f.secrets.key_digests) {
          digest = std::string(digest.size(), '0');
          break;
        }
      i.gateway = GatewayState{};
      i.gateway.port = *i.config.gateway_port();
      i.gateway.health = {false, 0, 0, "connection refused"};
      i.gateway.ready = {false, 0, 0, "connection refused"};
    }
  }
}

int synth(const std::string& manifest_path, const std::string& root, const std::string& kind) {
  std::optional<FileValidation> loaded = load(manifest_path);
  if (!loaded) return 1;
  testing::CanarySecrets secrets;
  std::vector<PlanError> errors;
  DesiredState desired = testing::fixture_desired(*loaded->manifest, root, secrets, errors);
  LiveState live = kind == "fresh" ? testing::fresh_live(desired, root) : testing::converged_live(desired, root);
  if (kind == "drifted") drift(live);
  std::string out = live_state_to_json(live).dump(2) + "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int run(const std::string& manifest_path, const std::string& live_path) {
  std::ifstream in(live_path);
  std::stringstream text;
  text << in.rdbuf();
  LiveState live = live_state_from_json(nlohmann::json::parse(text.str()));
  text = std::stringstream();
  cli::release_free_memory();
  const long rss_loaded = status_kb("VmRSS");
  reset_peak_rss();

  auto start = Clock::now();
  auto stage = Clock::now();
  std::optional<FileValidation> loaded = load(manifest_path);
  if (!loaded) return 1;
  const Manifest& manifest = *loaded->manifest;
  double t_validate = seconds_since(stage);

  stage = Clock::now();
  testing::CanarySecrets secrets;
  std::vector<PlanError> errors;
  DesiredState desired = testing::fixture_desired(manifest, live.root, secrets, errors);
  double t_desired = seconds_since(stage);

  stage = Clock::now();
  Plan plan = diff(manifest, desired, live, errors);
  describe_undo(plan);
  double t_diff = seconds_since(stage);

  stage = Clock::now();
  std::size_t text_bytes = render_plan_text(plan, false).size();
  double t_text = seconds_since(stage);
  stage = Clock::now();
  std::size_t markdown_bytes = render_plan_markdown(plan, {.full_plan = "plan.json"}).size();
  double t_markdown = seconds_since(stage);
  stage = Clock::now();
  KeyedDigester digester(testing::kFixtureDigestKey);
  PlanFile file = make_plan_file(std::move(plan), live, manifest_path, loaded->source, "", "", "bench", digester);
  double t_fingerprint = seconds_since(stage);
  stage = Clock::now();
  std::size_t json_bytes = plan_file_bytes(std::move(file)).size();
  double t_json = seconds_since(stage);
  double total = seconds_since(start);

  const double ms = 1000;
  std::printf("  parse+validate %.1f ms, desired %.1f ms, diff+order %.1f ms, render text %.1f ms, markdown %.1f ms, "
              "plan file: fingerprint %.1f ms, JSON text %.1f ms\n",
              t_validate * ms, t_desired * ms, t_diff * ms, t_text * ms, t_markdown * ms, t_fingerprint * ms,
              t_json * ms);
  std::printf("  core total %.3f s; core peak RSS %ld KB (of which the live state as read: %ld KB); "
              "output: text %zu B, markdown %zu B, plan file %zu B\n",
              total, status_kb("VmHWM"), rss_loaded, text_bytes, markdown_bytes, json_bytes);
  std::printf("CORE_SECONDS %.4f\n", total);
  return 0;
}

}  // namespace
}  // namespace clawform

int main(int argc, char** argv) {
  clawform::cli::configure_allocator();
  std::string usage = "usage: plan_bench synth MANIFEST ROOT fresh|converged|drifted | plan_bench run MANIFEST LIVE\n";
  if (argc == 5 && std::string(argv[1]) == "synth") return clawform::synth(argv[2], argv[3], argv[4]);
  if (argc == 4 && std::string(argv[1]) == "run") return clawform::run(argv[2], argv[3]);
  std::fputs(usage.c_str(), stderr);
  return 2;
}
