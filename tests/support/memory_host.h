#pragma once
// A Host that exists only in memory (compiler/host.h), for unit tests of the
// step handlers: a file tree, programs answered by a script the test gives,
// gateways that start and stop on request, and a clock that moves only when
// someone sleeps. Every program run and every gateway call is recorded, so
// a test can assert the exact sequence; faults are injected by name.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/host.h"

namespace clawform::testing {

class MemoryHost : public Host {
 public:
  struct Node {
    bool dir = false;
    unsigned mode = 0;
    std::string content;
    unsigned uid = 0;
    friend bool operator==(const Node&, const Node&) = default;
  };
  using Tree = std::map<std::string, Node>;

  // Answers a program run; may change the tree (as openclaw would).
  std::function<ProcessResult(const ProcessRequest&, MemoryHost&)> on_run;
  std::vector<std::vector<std::string>> commands;  // argv of every run, in order
  std::vector<std::string> gateway_calls;          // "start acme 18789", "stop acme", in order
  // Operations that fail: "chown PATH", "write PATH", "mkdir PATH", "rename PATH", "start INSTANCE", "stop INSTANCE",
  // "save", "restore".
  std::set<std::string> failing;
  // What a running gateway's probes answer, by port: /health is live;
  // /startupz says startup_status (default "started"); /ready is ready
  // unless ready_failing names what fails.
  std::map<int, std::string> startup_status;
  std::map<int, std::vector<std::string>> ready_failing;
  // Called after each successful start_gateway (a test changes what the
  // restarted gateway answers).
  std::function<void(MemoryHost&, const std::string& instance, int port)> on_start;

  // Test set-up, straight into the tree: parents are made (0755).
  void put_file(const std::string& path, const std::string& content, unsigned mode = 0644);
  void put_dir(const std::string& path, unsigned mode = 0755);
  void set_running(const std::string& instance, int port) { running_[instance] = port; }
  bool is_running(const std::string& instance) const { return running_.count(instance) > 0; }

  // The tree, less everything under `except` (the journal's saved copies).
  Tree tree(const std::string& except = "") const;
  const Node* find(const std::string& path) const;
  std::chrono::milliseconds slept() const { return slept_; }

  ProcessResult run(const ProcessRequest& request) override;
  Result<std::string> read_file(const std::string& path, std::size_t max_bytes) override;
  Status write_file(const std::string& path, std::string_view bytes, unsigned mode) override;
  PathState stat(const std::string& path) override;
  Status make_directory(const std::string& path, unsigned mode) override;
  Status set_owner(const std::string& path, const OsAccount& account) override;
  Status remove(const std::string& path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Result<nlohmann::json> save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                    const std::string& save_dir) override;
  Status restore_paths(const nlohmann::json& record, const std::string& save_dir) override;
  Status verify_paths(const nlohmann::json& record, const std::string& save_dir) override;
  bool gateway_running(const InstanceLayout& instance) override;
  Status start_gateway(const InstanceLayout& instance, int port) override;
  Status stop_gateway(const InstanceLayout& instance) override;
  GatewayState probe_gateway(int port, std::chrono::milliseconds timeout) override;
  std::chrono::steady_clock::time_point now() override;
  void sleep_for(std::chrono::milliseconds duration) override;

 private:
  void copy_tree(const std::string& from, const std::string& to, bool whole);
  void make_parents(const std::string& path);
  void erase_tree(const std::string& path);

  Tree files_;
  std::map<std::string, int> running_;  // instance -> port
  std::chrono::milliseconds slept_{0};
};

}  // namespace clawform::testing
