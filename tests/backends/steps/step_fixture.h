#pragma once
// What the step handler tests share: one topology C instance (acme) of a
// sandbox root in a MemoryHost, a StepContext over it, and the crash
// matrix every handler must pass: from the same starting host, save and
// then crash; save, run and then crash; save, run, undo and crash: each
// time a new process undoes, and undoes again, and the tree (less the
// journal's saved copies) is what it was before the step.

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "backends/secret_source.h"
#include "backends/steps/step_handlers.h"
#include "tests/support/memory_host.h"

namespace clawform::testing {

inline constexpr const char* kRoot = "/r";
inline constexpr const char* kStateDir = "/r/Users/operator/.openclaw-acme";
inline constexpr const char* kJournal = "/r/.clawform/journal";

// Key references resolve to fixed values (a plan and its apply see the same).
class FixedSecrets : public SecretSource {
 public:
  std::map<std::string, std::string> values;  // by ref.describe()
  Result<std::string> read_value(const KeyRef& ref) override {
    auto it = values.find(ref.describe());
    if (it == values.end()) return Status::error("environment variable " + ref.var + " is not set");
    return it->second;
  }
};

struct StepFixture {
  MemoryHost host;
  FixedSecrets secrets;
  KeyedDigester digester{"fixture-digest-key"};
  std::shared_ptr<const InstanceLayout> instance;
  ReadyBaseline ready_before;  // what context() hands the health steps

  StepFixture() {
    InstanceLayout layout;
    layout.instance = "acme";
    layout.profile = "acme";
    layout.home = "/r/Users/operator";
    layout.state_dir = kStateDir;
    layout.config_path = std::string(kStateDir) + "/openclaw.json";
    layout.port = 18789;
    layout.service_manager = "launchd";
    layout.service_name = "ai.openclaw.acme";
    layout.service_file = "/r/Users/operator/Library/LaunchAgents/ai.openclaw.acme.plist";
    layout.projects.push_back({"acme", std::string(kStateDir) + "/workspace", kStateDir,
                               std::string(kStateDir) + "/.env"});
    instance = std::make_shared<const InstanceLayout>(layout);
    host.put_dir(kRoot, 0755);
    host.put_dir("/r/.clawform", 0700);
  }

  StepContext context() {
    return StepContext{.host = host, .secrets = secrets, .digester = digester,
                       .paths = host_paths(HostOs::MacOS, kRoot, "/unused"),
                       .openclaw = "/opt/openclaw/bin/openclaw",
                       .command_timeout = std::chrono::milliseconds(1'000),
                       .health_timeout = std::chrono::milliseconds(10'000), .ready_before = ready_before,
                       .restart_after_rollback = {}};
  }

  Step step(StepKind kind, Action action, StepTarget target, nlohmann::json before = nullptr) const {
    Step s;
    s.index = 3;
    s.address = "project.acme." + std::string(step_kind_name(kind));
    s.project = "acme";
    s.kind = kind;
    s.action = action;
    s.before = std::move(before);
    s.target = std::move(target);
    s.instance = instance;
    return s;
  }
};

enum class CrashAfter { Save, Run, Undo };

// Runs the crash matrix for `step` on hosts made by `setup`; `check_run`
// looks at the host after a successful run.
inline void check_crash_matrix(const std::function<void(StepFixture&)>& setup, const Step& step_template,
                               const std::function<void(StepFixture&)>& check_run = {}) {
  for (CrashAfter crash : {CrashAfter::Save, CrashAfter::Run, CrashAfter::Undo}) {
    CAPTURE(static_cast<int>(crash));
    StepFixture f;
    setup(f);
    Step step = step_template;
    step.instance = f.instance;
    const MemoryHost::Tree before = f.host.tree(kJournal);
    Result<nlohmann::json> record = [&] {
      StepHandlers first(f.context());
      Result<nlohmann::json> saved = first.save(step);
      if (saved && crash != CrashAfter::Save) {
        Result<std::string> ran = first.run(step);
        CHECK_MESSAGE(ran.is_ok(), ran.message());
        if (ran && check_run) check_run(f);
        if (crash == CrashAfter::Undo) CHECK(first.undo(step, *saved).is_ok());
      }
      return saved;
    }();
    REQUIRE_MESSAGE(record.is_ok(), record.message());
    // A record goes through the journal as JSON text.
    const nlohmann::json journaled = nlohmann::json::parse(record->dump());
    StepHandlers after_crash(f.context());
    for (int attempt = 1; attempt <= 2; ++attempt) {
      CAPTURE(attempt);
      Status undone = after_crash.undo(step, journaled);
      CHECK_MESSAGE(undone.is_ok(), undone.message());
      CHECK(f.host.tree(kJournal) == before);
    }
  }
}

}  // namespace clawform::testing

namespace clawform::testing {

// The undo words the plan shows for `step`.
inline std::string describe(const Step& step) {
  Plan plan;
  plan.steps.push_back(step);
  describe_undo(plan);
  return plan.steps.front().undo;
}

}  // namespace clawform::testing
