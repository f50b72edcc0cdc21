#pragma once
// Every file clawform keeps for itself on a host, in one place: the
// .clawform directory (0700) under --root, or in the operator's home.
//
//   lock                        one apply or recover at a time (backends/host_lock.h)
//   digest.key                  the host's key for secret digests, 0600 (backends/digest.h)
//   journal/journal.jsonl       an unfinished apply's records (compiler/journal.h)
//   journal/plan.json           the plan it applies
//   journal/saved/<step>/       what step <step> saved before it ran
//   history/                    the records of finished applies
//   checklists/                 each applied apply's exit checklist, before and after (docs/operations.md)
//   applied/<plan sha256>       a plan that was applied (it is refused a second time)
//   run/<instance>.pid, .log    gateways the sandbox runner started (--root only)
//   status/history.jsonl        one sample per `clawform status` run (compiler/operations/status_history.h)
//   status/lock                 held while a status run reads, appends or thins its history

#include <string>

namespace clawform {

struct ClawformDir {
  std::string path;  // <root>/.clawform, or ~/.clawform

  // `root` is --root ("" for the real host); `real_home` the operator's $HOME.
  static ClawformDir of(const std::string& root, const std::string& real_home) {
    return {(root.empty() ? real_home : root) + "/.clawform"};
  }

  std::string lock() const { return path + "/lock"; }
  std::string digest_key() const { return path + "/digest.key"; }
  std::string journal() const { return path + "/journal"; }
  std::string journal_records() const { return journal() + "/journal.jsonl"; }
  std::string journal_plan() const { return journal() + "/plan.json"; }
  std::string saved(int step) const { return journal() + "/saved/" + std::to_string(step); }
  std::string history() const { return path + "/history"; }
  std::string checklists() const { return path + "/checklists"; }
  // What openclaw said, by fingerprint (backends/discovery/cache.h).
  std::string discovery_cache() const { return path + "/discovery-cache.json"; }
  std::string applied() const { return path + "/applied"; }
  std::string applied(const std::string& plan_sha256) const { return applied() + "/" + plan_sha256; }
  std::string run() const { return path + "/run"; }
  std::string pid_file(const std::string& instance) const { return run() + "/" + instance + ".pid"; }
  std::string gateway_log(const std::string& instance) const { return run() + "/" + instance + ".log"; }
  std::string status() const { return path + "/status"; }
  std::string status_history() const { return status() + "/history.jsonl"; }
  std::string status_lock() const { return status() + "/lock"; }
};

}  // namespace clawform
