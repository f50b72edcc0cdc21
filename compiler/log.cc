#include "compiler/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace clawform {

namespace {

LogLevel level_from_env() {
  const char* value = std::getenv("CLAWFORM_LOG");
  std::string_view v = value ? value : "";
  if (v == "error") return LogLevel::Error;
  if (v == "info") return LogLevel::Info;
  if (v == "debug") return LogLevel::Debug;
  return LogLevel::Warn;
}

std::atomic<int>& current_level() {
  static std::atomic<int> level{static_cast<int>(level_from_env())};
  return level;
}

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return "error";
    case LogLevel::Warn: return "warning";
    case LogLevel::Info: return "info";
    case LogLevel::Debug: return "debug";
  }
  return "";
}

}  // namespace

bool log_enabled(LogLevel level) { return static_cast<int>(level) <= current_level().load(); }

void log_line(LogLevel level, std::string_view project, std::string_view message) {
  if (!log_enabled(level)) return;
  std::string line = "clawform: " + std::string(level_name(level)) + ": ";
  if (!project.empty()) line += "[" + std::string(project) + "] ";
  line += message;
  line += '\n';
  static std::mutex mutex;  // whole lines, even from discovery's threads
  std::lock_guard<std::mutex> lock(mutex);
  std::fputs(line.c_str(), stderr);
}

}  // namespace clawform
