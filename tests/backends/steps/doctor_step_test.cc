// doctor steps against the in-memory host: the exact doctor command and
// environment, the real CLI's reports (fixtures/openclaw/doctor-lint-*.json),
// and an error finding failing the step so that the apply rolls back.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/applier.h"
#include "compiler/secret_values.h"
#include "tests/backends/steps/fake_openclaw.h"
#include "tests/backends/steps/step_fixture.h"
#include "tests/support/golden.h"

namespace clawform::testing {
namespace {

const std::string kConfig = std::string(kStateDir) + "/openclaw.json";
constexpr const char* kCommand =
    "`/opt/openclaw/bin/openclaw --profile acme doctor --lint --json --severity-min error`";

// Answers `openclaw doctor` with `report` and exit `code` (and records the
// request); anything else as FakeOpenclaw.
struct DoctorScript {
  int code = 0;
  std::string report;
  std::shared_ptr<std::vector<ProcessRequest>> doctor_runs = std::make_shared<std::vector<ProcessRequest>>();
  FakeOpenclaw openclaw{kStateDir};

  ProcessResult operator()(const ProcessRequest& request, MemoryHost& host) {
    if (std::find(request.argv.begin(), request.argv.end(), "doctor") == request.argv.end())
      return openclaw(request, host);
    doctor_runs->push_back(request);
    return FakeOpenclaw::exited(code, report);
  }
};

Step doctor_step(const StepFixture& f) {
  Step s = f.step(StepKind::Doctor, Action::Check, DoctorTarget{"error"});
  s.address = "project.acme.doctor";
  return s;
}

Result<std::string> run_doctor(StepFixture& f, int code, const std::string& report) {
  f.host.on_run = DoctorScript{code, report};
  StepHandlers handlers(f.context());
  return handlers.run(doctor_step(f));
}

TEST_CASE("doctor step: `doctor --lint --json --severity-min error` in the instance's environment, guards included") {
  StepFixture f;
  DoctorScript script{0, read_file("fixtures/openclaw/doctor-lint-clean.json")};
  f.host.on_run = script;
  StepHandlers handlers(f.context());
  Step step = doctor_step(f);
  Result<std::string> ran = handlers.run(step);
  REQUIRE_MESSAGE(ran.is_ok(), ran.message());
  CHECK(*ran == "35 checks, no error");
  CHECK(openclaw_words(f.host) == std::vector<std::string>{"doctor --lint --json --severity-min error"});
  REQUIRE(script.doctor_runs->size() == 1);
  const ProcessRequest& request = script.doctor_runs->front();
  CHECK(request.argv[1] == "--profile");
  CHECK(request.env.at("OPENCLAW_STATE_DIR") == kStateDir);
  CHECK(request.env.at("OPENCLAW_NO_AUTO_UPDATE") == "1");
  CHECK(request.env.at("OPENCLAW_SERVICE_REPAIR_POLICY") == "external");
  CHECK(describe(step) == "none (read-only)");
}

TEST_CASE("doctor step: read-only - nothing to save, nothing to undo, after any crash") {
  StepFixture f;
  check_crash_matrix(
      [](StepFixture& g) {
        g.host.put_file(kConfig, "{\"gateway\":{\"port\":18789}}", 0600);
        g.host.on_run = DoctorScript{0, read_file("fixtures/openclaw/doctor-lint-clean.json")};
      },
      doctor_step(f));
}

TEST_CASE("doctor step: an error finding fails the step, naming the command, the check and the path") {
  StepFixture f;
  // What the real 2026.9.6 printed, exit 1, for gateway.port set to a string.
  CHECK(run_doctor(f, 1, read_file("fixtures/openclaw/doctor-lint-config-error.json")).message() ==
        std::string(kCommand) +
            " reports 1 finding at error or above: [core/doctor/final-config-validation] gateway.port: "
            "Invalid input: expected number, received string");
}

TEST_CASE("doctor step: warnings and infos pass - more than five errors are counted, not all listed") {
  StepFixture f;
  CHECK(run_doctor(f, 0, R"({"schemaVersion":1,"ok":true,"checksRun":2,"checksSkipped":0,"findings":[
          {"checkId":"core/doctor/gateway-auth","severity":"warning","message":"Gateway auth is off."},
          {"checkId":"core/doctor/x","severity":"info","message":"fyi"}]})")
            .is_ok());
  std::string findings;
  for (int i = 1; i <= 7; ++i)
    findings += (i > 1 ? "," : "") + fmt::format(R"({{"checkId":"c/{}","severity":"error","message":"m{}"}})", i, i);
  CHECK(run_doctor(f, 1, R"({"ok":false,"checksRun":7,"findings":[)" + findings + "]}").message() ==
        std::string(kCommand) +
            " reports 7 findings at error or above: [c/1] m1; [c/2] m2; [c/3] m3; [c/4] m4; [c/5] m5; and 2 more");
}

TEST_CASE("doctor step: doctor failing, garbage, a non-zero exit without a finding, a timeout: never a pass") {
  StepFixture f;
  // The real CLI's report of its own failure (a bad flag), exit 2.
  CHECK(run_doctor(f, 2, read_file("fixtures/openclaw/doctor-lint-bad-flag.json")).message() ==
        std::string(kCommand) +
            " reports 1 finding at error or above: [core/doctor/lint-inspection] Invalid --severity-min value. "
            "Expected one of: info, warning, error.");
  CHECK(run_doctor(f, 0, "Doctor complete.\n").message() ==
        std::string(kCommand) + ": exit 0: `doctor --lint --json` printed something that is not a JSON object");
  CHECK(run_doctor(f, 0, R"({"ok":true})").message() ==
        std::string(kCommand) + ": exit 0: `doctor --lint --json` printed JSON without a \"findings\" list");
  CHECK(run_doctor(f, 1, read_file("fixtures/openclaw/doctor-lint-clean.json")).message() ==
        std::string(kCommand) + ": exit 1 with no finding at error or above");

  f.host.on_run = [](const ProcessRequest&, MemoryHost&) {
    ProcessResult r;
    r.outcome = ProcessResult::Outcome::TimedOut;
    r.timeout = std::chrono::milliseconds(1'000);
    return r;
  };
  StepHandlers handlers(f.context());
  CHECK(handlers.run(doctor_step(f)).message() ==
        std::string(kCommand) + ": timed out after 1.0 s (process group killed)");
}

class MemoryJournal : public JournalSink {
 public:
  std::vector<nlohmann::json> records;
  Status append(const nlohmann::json& record) override {
    records.push_back(record);
    return Status::ok();
  }
};

// Applies `plan` (steps numbered from 1) through the fixture's handlers.
ApplyReport apply_plan(StepFixture& f, Plan plan, MemoryJournal& journal) {
  for (std::size_t i = 0; i < plan.steps.size(); ++i) plan.steps[i].index = static_cast<int>(i) + 1;
  StepHandlers handlers(f.context());
  JournalState state;
  state.total_steps = static_cast<int>(plan.steps.size());
  return apply_steps(plan, handlers, journal, state, {});
}

TEST_CASE("doctor step: an error after a config change rolls the apply back - openclaw.json is as it was") {
  StepFixture f;
  const std::string before = "{\"gateway\":{\"port\":1}}";
  f.host.put_file(kConfig, before, 0600);
  f.host.on_run = DoctorScript{1, read_file("fixtures/openclaw/doctor-lint-config-error.json")};
  Plan plan;
  plan.steps.push_back(
      f.step(StepKind::Config, Action::Update, ConfigTarget{kConfig, {{"gateway.port", 18789}}}));
  plan.steps.push_back(doctor_step(f));
  plan.steps.back().depends_on = {1};
  MemoryJournal journal;
  ApplyReport report = apply_plan(f, plan, journal);
  CHECK(report.outcome == ApplyOutcome::RolledBack);
  CHECK(report.failed_step == 2);
  CHECK(report.error.find("[core/doctor/final-config-validation] gateway.port") != std::string::npos);
  CHECK(report.undone == std::vector<int>{2, 1});
  CHECK(f.host.find(kConfig)->content == before);
  CHECK(openclaw_words(f.host) ==
        std::vector<std::string>{"config patch --file /r/.clawform/journal/saved/1/patch.json",
                                 "config validate --json", "doctor --lint --json --severity-min error"});
}

TEST_CASE("doctor step: a key value openclaw quotes in a finding is scrubbed, from the error and the journal") {
  StepFixture f;
  const std::string value = "sk-ant-canary-7f3e9a";
  f.secrets.values["env:ACME_ANTHROPIC_KEY"] = value;
  KeyRef ref;
  ref.var = "ACME_ANTHROPIC_KEY";
  REQUIRE(f.secrets.read(ref).is_ok());  // as the apply's key step reads it
  const std::string report = R"({"ok":false,"checksRun":35,"findings":[{"checkId":"core/auth/key-format",)"
                             R"("severity":"error","message":"key \")" + value + R"(\" is not a valid key",)"
                             R"("path":"models.providers.anthropic.apiKey"}]})";
  Plan plan;
  plan.steps.push_back(doctor_step(f));
  f.host.on_run = DoctorScript{1, report};
  MemoryJournal journal;
  ApplyReport applied = apply_plan(f, plan, journal);
  CHECK(applied.outcome == ApplyOutcome::RolledBack);
  CHECK(applied.error.find("key \"[value of env:ACME_ANTHROPIC_KEY]\" is not a valid key") != std::string::npos);
  CHECK(applied.error.find(value) == std::string::npos);
  for (const nlohmann::json& record : journal.records) CHECK(record.dump().find(value) == std::string::npos);
}

TEST_CASE("secret values: every value read is scrubbed, the longest first - short ones are left") {
  SecretValues seen;
  seen.remember("env:A", "abcdef-long-value");
  seen.remember("env:B", "abcdef");
  seen.remember("env:C", "abc");
  CHECK(seen.redact("x abcdef-long-value y abcdef z abc") ==
        "x [value of env:A] y [value of env:B] z abc");
  CHECK(seen.redact("abcdefabcdef") == "[value of env:B][value of env:B]");
}

}  // namespace
}  // namespace clawform::testing
