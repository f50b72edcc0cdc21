#include "backends/proc_stat.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>

namespace clawform {

std::optional<ProcStat> read_proc_stat(long pid) {
  if (pid <= 0) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat", std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command (field 2) is in parentheses and may hold spaces or ')':
  // the fields after it start after the last ')'.
  const std::size_t paren = text.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  std::istringstream rest(text.substr(paren + 1));
  ProcStat stat;
  stat.pid = pid;
  std::string field;
  // Fields 3.. : state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt,
  // cminflt, majflt, cmajflt, utime, stime, cutime, cstime, priority, nice,
  // num_threads, itrealvalue, starttime (22).
  for (int n = 3; n <= 22 && rest >> field; ++n) {
    if (n == 3) stat.state = field.empty() ? '?' : field[0];
    if (n == 5) stat.pgid = std::strtol(field.c_str(), nullptr, 10);
    if (n == 22) {
      stat.start_time = std::strtoull(field.c_str(), nullptr, 10);
      return stat;
    }
  }
  return std::nullopt;
}

namespace {

bool live(const ProcStat& stat) { return stat.state != 'Z' && stat.state != 'X'; }

// Calls `each` with every pid under /proc.
template <typename Each>
void for_each_pid(Each each) {
  DIR* proc = ::opendir("/proc");
  if (!proc) return;
  while (const dirent* entry = ::readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (pid > 0 && *end == '\0') each(pid);
  }
  ::closedir(proc);
}

// Whether /proc/`pid`/environ holds the entry `wanted` ("NAME=value"
// between NULs). Unreadable (another user's, without root): false.
bool environment_holds(long pid, const std::string& wanted) {
  const int fd = ::open(("/proc/" + std::to_string(pid) + "/environ").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::string text;
  char buffer[16384];
  for (ssize_t n; text.size() < (4u << 20) && (n = ::read(fd, buffer, sizeof buffer)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\0', at), text.size());
    if (std::string_view(text).substr(at, end - at) == wanted) return true;
    at = end + 1;
  }
  return false;
}

}  // namespace

bool still_running(const ChildProcess& child) {
  std::optional<ProcStat> stat = read_proc_stat(child.pid);
  return stat && live(*stat) && stat->start_time == child.start_time;
}

std::vector<long> live_group_members(const ChildProcess& child) {
  std::vector<long> members;
  if (child.pgid <= 0) return members;
  std::optional<ProcStat> leader = read_proc_stat(child.pgid);
  if (leader && leader->start_time != child.start_time) return members;  // the group id belongs to another now
  for_each_pid([&](long pid) {
    std::optional<ProcStat> stat = read_proc_stat(pid);
    if (stat && stat->pgid == child.pgid && live(*stat) && stat->start_time >= child.start_time)
      members.push_back(pid);
  });
  return members;
}

std::vector<long> marked_processes(const std::string& mark) {
  std::vector<long> marked;
  if (mark.empty()) return marked;
  const std::string wanted = std::string(kCallMarkVariable) + "=" + mark;
  for_each_pid([&](long pid) {
    if (!environment_holds(pid, wanted)) return;  // a zombie's reads empty
    if (std::optional<ProcStat> stat = read_proc_stat(pid); stat && live(*stat)) marked.push_back(pid);
  });
  return marked;
}

}  // namespace clawform
