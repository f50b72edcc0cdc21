#include "backends/listeners.h"

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "backends/process_runner.h"

namespace clawform {

namespace {

bool read_text(const std::string& path, std::string& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

// "addr:PORT" or "[v6]:PORT" or "*:PORT" -> PORT; 0 when there is none.
int port_after_colon(const std::string& name) {
  std::size_t colon = name.rfind(':');
  if (colon == std::string::npos) return 0;
  try {
    return std::stoi(name.substr(colon + 1));
  } catch (...) {
    return 0;
  }
}

// Fills pid, ppid and command of the listener of each socket inode, for the
// processes whose fd directory this user may read.
void find_processes(std::map<unsigned long, Listener*>& by_inode) {
  DIR* proc = ::opendir("/proc");
  if (!proc) return;
  while (dirent* entry = ::readdir(proc)) {
    const std::string pid = entry->d_name;
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string fd_dir = "/proc/" + pid + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (!fds) continue;  // another user's process
    while (dirent* fd = ::readdir(fds)) {
      char target[64];
      const std::string link = fd_dir + "/" + fd->d_name;
      ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      if (n <= 0) continue;
      target[n] = '\0';
      unsigned long inode = 0;
      if (std::sscanf(target, "socket:[%lu]", &inode) != 1) continue;
      auto it = by_inode.find(inode);
      if (it == by_inode.end()) continue;
      Listener& l = *it->second;
      l.pid = std::stol(pid);
      std::string stat, comm;
      if (read_text("/proc/" + pid + "/stat", stat)) {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        std::size_t close = stat.rfind(')');
        if (close != std::string::npos) {
          std::istringstream rest(stat.substr(close + 1));
          std::string state;
          rest >> state >> l.ppid;
        }
      }
      if (read_text("/proc/" + pid + "/comm", comm)) {
        while (!comm.empty() && comm.back() == '\n') comm.pop_back();
        l.command = comm;
      }
    }
    ::closedir(fds);
  }
  ::closedir(proc);
}

}  // namespace

std::vector<ProcSocket> parse_proc_net_tcp(const std::string& text) {
  std::vector<ProcSocket> out;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
    unsigned long inode = 0;
    if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode))
      continue;
    if (state != "0A") continue;  // TCP_LISTEN
    std::size_t colon = local.rfind(':');
    if (colon == std::string::npos) continue;
    ProcSocket s;
    try {
      s.port = std::stoi(local.substr(colon + 1), nullptr, 16);
      s.uid = std::stol(uid);
    } catch (...) {
      continue;
    }
    s.inode = inode;
    out.push_back(s);
  }
  return out;
}

std::vector<Listener> parse_lsof_listeners(const std::string& text) {
  std::vector<Listener> out;
  Listener process;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const std::string value = line.substr(1);
    try {
      switch (line[0]) {
        case 'p': process = Listener{}; process.pid = std::stol(value); break;
        case 'R': process.ppid = std::stol(value); break;
        case 'c': process.command = value; break;
        case 'n':
          if (int port = port_after_colon(value); port > 0) {
            Listener l = process;
            l.port = port;
            out.push_back(l);
          }
          break;
        default: break;
      }
    } catch (...) {
      continue;
    }
  }
  return out;
}

Result<std::vector<Listener>> listening_sockets(const std::function<bool(int)>& wanted) {
  std::vector<Listener> out;
  bool have_proc = false;
  std::vector<ProcSocket> sockets;
  for (const char* path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::string text;
    if (!read_text(path, text)) continue;
    have_proc = true;
    for (const ProcSocket& s : parse_proc_net_tcp(text))
      if (wanted(s.port)) sockets.push_back(s);
  }
  if (have_proc) {
    out.reserve(sockets.size());
    std::map<unsigned long, Listener*> by_inode;
    for (const ProcSocket& s : sockets) out.push_back(Listener{.port = s.port, .pid = 0, .ppid = 0, .uid = s.uid, .command = {}});
    for (std::size_t i = 0; i < sockets.size(); ++i)
      if (sockets[i].inode) by_inode[sockets[i].inode] = &out[i];
    if (!by_inode.empty()) find_processes(by_inode);
    return out;
  }
  ProcessRequest request;
  request.argv = {"lsof", "-nP", "-iTCP", "-sTCP:LISTEN", "-FpRcn"};
  request.env = {{"PATH", "/usr/sbin:/usr/bin:/bin:/sbin"}, {"LANG", "C"}};
  request.timeout = std::chrono::milliseconds(20'000);
  ProcessResult result = run_process(request);
  // lsof exits 1 when nothing listens.
  if (result.outcome != ProcessResult::Outcome::Exited || (result.exit_code != 0 && !result.out.empty()) ||
      (result.exit_code != 0 && result.exit_code != 1))
    return Status::error(
        fmt::format("listing the host's listening TCP sockets: {}: {}", format_argv(request.argv), result.describe()));
  for (Listener& l : parse_lsof_listeners(result.out))
    if (wanted(l.port)) out.push_back(std::move(l));
  return out;
}

}  // namespace clawform
