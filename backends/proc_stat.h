#pragma once
// What /proc/PID/stat says about a process (Linux): its state, process
// group and start time. Used to record the children clawform starts and to
// find them again after a crash without mistaking a process that reused
// the pid (compiler/process.h ChildProcess).

#include <optional>
#include <string>
#include <vector>

#include "compiler/process.h"

namespace clawform {

struct ProcStat {
  long pid = 0;
  char state = '?';  // R, S, D, Z (zombie), T, X, ...
  long pgid = 0;     // field 5
  unsigned long long start_time = 0;  // field 22, clock ticks since boot
};

// Reads /proc/`pid`/stat; nullopt when the process does not exist (or
// there is no /proc).
std::optional<ProcStat> read_proc_stat(long pid);

// Whether `child` still runs: its pid exists, is not a zombie, and started
// at the recorded time (another process that got the pid later is not it).
bool still_running(const ChildProcess& child);

// The live (non-zombie) members of `child`'s process group that started no
// earlier than it: the group is the child's as long as its leader is the
// child or is gone (the kernel does not reuse a pid as a new group's id
// while the old group has members).
std::vector<long> live_group_members(const ChildProcess& child);

// The live processes whose environment holds kCallMarkVariable=`mark`: a
// call's child and all it started, in its group or not. Only those whose
// environment clawform may read (its own user's; every one as root).
// Empty for an empty mark or without /proc.
std::vector<long> marked_processes(const std::string& mark);

}  // namespace clawform
