// A stale plan's key file: apply says whether the value a reference gives
// moved (the env var or file the manifest names) or the key file on the
// host did, from the digests in the saved plan, the fresh plan and the
// live state, and the instance's `files` fingerprint group.
#include <doctest/doctest.h>

#include "compiler/key_drift.h"
#include "compiler/plan_compare.h"

namespace clawform {
namespace {

const std::string kPath = "/r/home/op/.openclaw-acme/secrets/keys.env";
const std::string kAddress = "project.acme.key_file";

Step key_step(Action action, const std::string& digest) {
  Step s;
  s.index = 4;
  s.address = kAddress;
  s.project = "acme";
  s.kind = StepKind::KeyFile;
  s.action = action;
  s.sensitive = true;
  s.target = KeyFileTarget{kPath, 0600, {{"ANTHROPIC_API_KEY", digest, {}}}};
  return s;
}

Plan plan_with(std::optional<Step> step) {
  Plan plan;
  if (step) plan.steps.push_back(*step);
  return plan;
}

LiveState live_with(bool exists, const std::string& digest) {
  LiveState live;
  InstanceState instance;
  instance.instance = "acme";
  ProjectFiles files;
  files.project = "acme";
  files.secrets.key_file.exists = exists;
  if (exists) files.secrets.key_digests = {{"ANTHROPIC_API_KEY", digest}};
  instance.files.push_back(files);
  live.instances.push_back(instance);
  return live;
}

LiveFingerprint fingerprint(const std::string& files_hash) {
  LiveFingerprint fp;
  fp.overall = files_hash;
  fp.instances["acme"] = {{"files", files_hash}, {"config", "c0"}};
  return fp;
}

const std::string kReference =
    "project.acme.key_file: the value the manifest's reference gives for key ANTHROPIC_API_KEY changed since the "
    "plan was made (its env var or file holds another value now); the plan would write the value reviewed then";
const std::string kHandEdited =
    "project.acme.key_file: the key file " + kPath +
    " (or another file of instance acme) was changed on the host since the plan was made, not by clawform";

TEST_CASE("key drift: converged when planned - the env var changed, the file did not") {
  Plan saved = plan_with(std::nullopt), now = plan_with(key_step(Action::Update, "d2"));
  auto drift = key_file_drift(saved, now, live_with(true, "d1"), fingerprint("f1"), fingerprint("f1"));
  CHECK(plan_differences(saved, now, drift) == std::vector<std::string>{kReference});
}

TEST_CASE("key drift: converged when planned - the key file was edited by hand") {
  Plan saved = plan_with(std::nullopt), now = plan_with(key_step(Action::Update, "d1"));
  auto drift = key_file_drift(saved, now, live_with(true, "d9"), fingerprint("f1"), fingerprint("f2"));
  CHECK(plan_differences(saved, now, drift) == std::vector<std::string>{kHandEdited});
}

TEST_CASE("key drift: a planned update - the env var changed again") {
  Plan saved = plan_with(key_step(Action::Update, "d2")), now = plan_with(key_step(Action::Update, "d3"));
  auto drift = key_file_drift(saved, now, live_with(true, "d1"), fingerprint("f1"), fingerprint("f1"));
  CHECK(plan_differences(saved, now, drift) == std::vector<std::string>{kReference});
}

TEST_CASE("key drift: a planned update - the key file was edited, the plan's steps alike") {
  Plan saved = plan_with(key_step(Action::Update, "d2")), now = plan_with(key_step(Action::Update, "d2"));
  auto drift = key_file_drift(saved, now, live_with(true, "d9"), fingerprint("f1"), fingerprint("f2"));
  CHECK(plan_differences(saved, now, drift) == std::vector<std::string>{kHandEdited});
}

TEST_CASE("key drift: both moved") {
  Plan saved = plan_with(key_step(Action::Update, "d2")), now = plan_with(key_step(Action::Update, "d3"));
  auto drift = key_file_drift(saved, now, live_with(true, "d9"), fingerprint("f1"), fingerprint("f2"));
  REQUIRE(drift.size() == 1);
  CHECK(drift.at(kAddress) == kReference + "; and the key file " + kPath +
                                  " (or another file of instance acme) was changed on the host since the plan was "
                                  "made, not by clawform");
}

TEST_CASE("key drift: a planned create - the file appeared, or was removed after a converged plan") {
  SUBCASE("appeared") {
    Plan saved = plan_with(key_step(Action::Create, "d1")), now = plan_with(std::nullopt);
    auto drift = key_file_drift(saved, now, live_with(true, "d1"), fingerprint("f1"), fingerprint("f2"));
    CHECK(plan_differences(saved, now, drift) ==
          std::vector<std::string>{"project.acme.key_file: the key file " + kPath +
                                   " was created on the host since the plan was made, not by clawform"});
  }
  SUBCASE("removed") {
    Plan saved = plan_with(std::nullopt), now = plan_with(key_step(Action::Create, "d1"));
    auto drift = key_file_drift(saved, now, live_with(false, ""), fingerprint("f1"), fingerprint("f2"));
    CHECK(plan_differences(saved, now, drift) ==
          std::vector<std::string>{"project.acme.key_file: the key file " + kPath +
                                   " was removed from the host since the plan was made, not by clawform"});
  }
}

TEST_CASE("key drift: nothing moved, nothing said") {
  Plan saved = plan_with(key_step(Action::Update, "d2")), now = plan_with(key_step(Action::Update, "d2"));
  CHECK(key_file_drift(saved, now, live_with(true, "d1"), fingerprint("f1"), fingerprint("f1")).empty());
}

}  // namespace
}  // namespace clawform
