#include "tests/support/memory_host.h"

#include <fmt/format.h>

namespace clawform::testing {

namespace {

std::string parent_of(const std::string& path) {
  std::size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

bool under(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/');
}

Status missing(const std::string& path) { return Status::error(path + ": No such file or directory"); }

}  // namespace

void MemoryHost::make_parents(const std::string& path) {
  for (std::string dir = parent_of(path); dir != "/" && !files_.count(dir); dir = parent_of(dir))
    files_[dir] = {true, 0755, {}};
}

void MemoryHost::put_file(const std::string& path, const std::string& content, unsigned mode) {
  make_parents(path);
  files_[path] = {false, mode, content};
}

void MemoryHost::put_dir(const std::string& path, unsigned mode) {
  make_parents(path);
  files_[path] = {true, mode, {}};
}

MemoryHost::Tree MemoryHost::tree(const std::string& except) const {
  Tree out;
  for (const auto& [path, node] : files_)
    if (except.empty() || !under(path, except)) out[path] = node;
  return out;
}

const MemoryHost::Node* MemoryHost::find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

ProcessResult MemoryHost::run(const ProcessRequest& request) {
  commands.push_back(request.argv);
  if (on_run) return on_run(request, *this);
  ProcessResult result;
  result.outcome = ProcessResult::Outcome::Exited;
  result.exit_code = 0;
  return result;
}

Result<std::string> MemoryHost::read_file(const std::string& path, std::size_t) {
  const Node* node = find(path);
  if (!node) return missing(path);
  if (node->dir) return Status::error(path + " is not a regular file");
  return node->content;
}

Status MemoryHost::write_file(const std::string& path, std::string_view bytes, unsigned mode) {
  if (failing.count("write " + path)) return Status::error(path + ": write: No space left on device");
  const Node* parent = find(parent_of(path));
  if (parent_of(path) != "/" && (!parent || !parent->dir)) return missing(parent_of(path));
  files_[path] = {false, mode, std::string(bytes)};
  return Status::ok();
}

PathState MemoryHost::stat(const std::string& path) {
  PathState state;
  state.path = path;
  const Node* node = find(path);
  if (!node) return state;
  state.exists = true;
  state.type = node->dir ? "dir" : "file";
  state.mode = node->mode;
  state.uid = node->uid;
  state.size = node->content.size();
  return state;
}

Status MemoryHost::set_owner(const std::string& path, const OsAccount& account) {
  if (failing.count("chown " + path)) return Status::error(path + ": chown " + account.name + ": Operation not permitted");
  auto it = files_.find(path);
  if (it == files_.end()) return Status::error(path + ": chown " + account.name + ": No such file or directory");
  it->second.uid = account.uid;
  return Status::ok();
}

Status MemoryHost::make_directory(const std::string& path, unsigned mode) {
  if (failing.count("mkdir " + path)) return Status::error(path + ": mkdir: Permission denied");
  const Node* node = find(path);
  if (node && !node->dir) return Status::error(path + ": mkdir: File exists");
  put_dir(path, mode);
  return Status::ok();
}

void MemoryHost::erase_tree(const std::string& path) {
  for (auto it = files_.lower_bound(path); it != files_.end() && it->first.starts_with(path);)
    it = under(it->first, path) ? files_.erase(it) : std::next(it);
}

Status MemoryHost::remove(const std::string& path) {
  erase_tree(path);
  return Status::ok();
}

Status MemoryHost::rename(const std::string& from, const std::string& to) {
  if (failing.count("rename " + from)) return Status::error(from + ": rename: Input/output error");
  if (!find(from)) return missing(from);
  const Node* parent = find(parent_of(to));
  if (!parent || !parent->dir) return missing(parent_of(to));
  erase_tree(to);
  copy_tree(from, to, true);
  erase_tree(from);
  return Status::ok();
}

void MemoryHost::copy_tree(const std::string& from, const std::string& to, bool whole) {
  Tree copied;
  for (const auto& [path, node] : files_)
    if (path == from || (whole && under(path, from))) copied[to + path.substr(from.size())] = node;
  for (auto& [path, node] : copied) files_[path] = std::move(node);
}

Result<nlohmann::json> MemoryHost::save_paths(const std::vector<SavedPath>& paths, const std::string& floor,
                                              const std::string& save_dir) {
  if (failing.count("save")) return Status::error(save_dir + ": mkdir: No space left on device");
  erase_tree(save_dir);
  put_dir(save_dir, 0700);
  nlohmann::json record = nlohmann::json::array();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const SavedPath& saved = paths[i];
    const Node* node = find(saved.path);
    if (!node) {
      // The highest missing ancestor below the floor: restoring removes what was made.
      std::string highest = saved.path;
      for (std::string dir = parent_of(highest); dir != floor && dir != "/" && !find(dir); dir = parent_of(dir))
        highest = dir;
      record.push_back({{"path", highest}, {"state", "absent"}});
      continue;
    }
    const std::string copy = save_dir + "/" + std::to_string(i);
    const bool whole = node->dir && saved.whole_tree;
    copy_tree(saved.path, copy, whole);
    record.push_back({{"path", saved.path}, {"state", node->dir ? (whole ? "tree" : "dir") : "file"},
                      {"copy", std::to_string(i)}, {"mode", node->mode}});
  }
  return record;
}

Status MemoryHost::restore_paths(const nlohmann::json& record, const std::string& save_dir) {
  if (failing.count("restore")) return Status::error(save_dir + ": restore: Input/output error");
  for (auto it = record.rbegin(); it != record.rend(); ++it) {
    const std::string path = it->at("path");
    const std::string state = it->at("state");
    if (state == "absent") {
      erase_tree(path);
    } else if (state == "dir") {
      const Node* node = find(path);
      if (node && !node->dir) erase_tree(path);
      put_dir(path, it->at("mode").get<unsigned>());
    } else {
      const std::string copy = save_dir + "/" + it->at("copy").get<std::string>();
      if (!find(copy)) return missing(copy);
      erase_tree(path);
      make_parents(path);
      copy_tree(copy, path, state == "tree");
    }
  }
  return Status::ok();
}

Status MemoryHost::verify_paths(const nlohmann::json& record, const std::string& save_dir) {
  for (const nlohmann::json& entry : record) {
    const std::string path = entry.at("path");
    const std::string state = entry.at("state");
    const Node* node = find(path);
    if (state == "absent") {
      if (node) return Status::error(path + " exists; it did not before the apply");
      continue;
    }
    if (!node) return Status::error(path + " is missing; it existed before the apply");
    if (node->mode != entry.at("mode").get<unsigned>()) return Status::error(path + ": mode differs");
    if (state == "dir") continue;
    // A file or a tree: every node under the copy and under the path alike.
    const std::string copy = save_dir + "/" + entry.at("copy").get<std::string>();
    Tree want, have;
    for (const auto& [p, n] : files_) {
      if (p == copy || (state == "tree" && under(p, copy))) want[p.substr(copy.size())] = n;
      if (p == path || (state == "tree" && under(p, path))) have[p.substr(path.size())] = n;
    }
    if (want != have) return Status::error(path + " differs from its saved copy");
  }
  return Status::ok();
}

bool MemoryHost::gateway_running(const InstanceLayout& instance) { return is_running(instance.instance); }

Status MemoryHost::start_gateway(const InstanceLayout& instance, int port) {
  gateway_calls.push_back(fmt::format("start {} {}", instance.instance, port));
  if (failing.count("start " + instance.instance))
    return Status::error(fmt::format("the gateway exited during start-up (instance {})", instance.instance));
  running_[instance.instance] = port;
  if (on_start) on_start(*this, instance.instance, port);
  return Status::ok();
}

Status MemoryHost::stop_gateway(const InstanceLayout& instance) {
  gateway_calls.push_back("stop " + instance.instance);
  if (failing.count("stop " + instance.instance))
    return Status::error(fmt::format("gateway of instance {} did not exit", instance.instance));
  running_.erase(instance.instance);
  return Status::ok();
}

GatewayState MemoryHost::probe_gateway(int port, std::chrono::milliseconds) {
  GatewayState g;
  g.port = port;
  for (const auto& [instance, p] : running_)
    if (p == port) {
      g.health.reachable = g.startup.reachable = g.ready.reachable = true;
      g.health.http_status = 200;
      g.ok = true;
      g.status = "live";
      auto startup = startup_status.find(port);
      g.startup_status = startup == startup_status.end() ? "started" : startup->second;
      g.startup_ok = *g.startup_status == "started";
      g.startup.http_status = *g.startup_ok ? 200 : 503;
      auto not_ready = ready_failing.find(port);
      g.is_ready = not_ready == ready_failing.end() || not_ready->second.empty();
      if (!*g.is_ready) g.failing = not_ready->second;
      g.ready.http_status = *g.is_ready ? 200 : 503;
    }
  return g;
}

std::chrono::steady_clock::time_point MemoryHost::now() { return std::chrono::steady_clock::time_point(slept_); }

void MemoryHost::sleep_for(std::chrono::milliseconds duration) { slept_ += duration; }

}  // namespace clawform::testing
