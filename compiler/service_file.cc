#include "compiler/service_file.h"

#include <vector>

#include <fmt/format.h>

namespace clawform {

namespace {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// One word of a systemd ExecStart= (`exec`) or Environment= line. % starts
// a specifier and, in ExecStart=, $ a variable: both are doubled. A word
// with blanks, quotes or backslashes is double-quoted with C escapes; plain
// words stay as they are (compiler/service_file_fields.cc reads them back).
std::string systemd_word(const std::string& word, bool exec) {
  std::string escaped;
  bool quote = word.empty();
  for (char c : word) {
    if (c == '%' || (exec && c == '$')) escaped += c;
    if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\') quote = true;
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return quote ? "\"" + escaped + "\"" : escaped;
}

std::vector<std::string> gateway_argv(const InstanceLayout& layout, const std::string& binary) {
  std::vector<std::string> argv = {binary};
  if (layout.profile) {
    argv.push_back("--profile");
    argv.push_back(*layout.profile);
  }
  for (std::string& a : gateway_run_args(layout.port)) argv.push_back(std::move(a));
  return argv;
}

}  // namespace

std::vector<std::string> gateway_run_args(int port) { return {"gateway", "run", "--port", std::to_string(port)}; }

std::vector<std::pair<std::string, std::string>> guard_environment() {
  // Read in OpenClaw 2026.9.6's dist: OPENCLAW_NO_AUTO_UPDATE is parsed as a
  // boolean ("1"), and the gateway's update check returns before it checks or
  // applies anything; OPENCLAW_SERVICE_REPAIR_POLICY is compared, trimmed and
  // lowercased, with "external": doctor then skips service install, start
  // and rewrite repairs.
  return {{"OPENCLAW_NO_AUTO_UPDATE", "1"}, {"OPENCLAW_SERVICE_REPAIR_POLICY", "external"}};
}

std::vector<std::pair<std::string, std::string>> instance_environment(const InstanceLayout& layout) {
  std::vector<std::pair<std::string, std::string>> env = {
      {"HOME", layout.home}, {"OPENCLAW_CONFIG_PATH", layout.config_path}, {"OPENCLAW_STATE_DIR", layout.state_dir}};
  for (auto& guard : guard_environment()) env.push_back(std::move(guard));
  return env;
}

std::string render_service_file(const InstanceLayout& layout, const std::string& binary) {
  const std::vector<std::pair<std::string, std::string>> env = instance_environment(layout);
  std::vector<std::string> argv = gateway_argv(layout, binary);
  std::string out;
  if (layout.service_manager == "launchd") {
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
           "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
           "<!-- Written by clawform; edits are overwritten by the next apply. -->\n"
           "<plist version=\"1.0\">\n<dict>\n";
    out += fmt::format("  <key>Label</key>\n  <string>{}</string>\n", xml_escape(layout.service_name));
    out += "  <key>ProgramArguments</key>\n  <array>\n";
    for (const std::string& a : argv) out += fmt::format("    <string>{}</string>\n", xml_escape(a));
    out += "  </array>\n  <key>EnvironmentVariables</key>\n  <dict>\n";
    for (const auto& [k, v] : env) out += fmt::format("    <key>{}</key>\n    <string>{}</string>\n", k, xml_escape(v));
    out += "  </dict>\n  <key>WorkingDirectory</key>\n  <string>/</string>\n";
    out += "  <key>RunAtLoad</key>\n  <true/>\n  <key>KeepAlive</key>\n  <true/>\n";
    out += fmt::format("  <key>StandardOutPath</key>\n  <string>{}/logs/gateway.log</string>\n",
                       xml_escape(layout.state_dir));
    out += fmt::format("  <key>StandardErrorPath</key>\n  <string>{}/logs/gateway.err.log</string>\n",
                       xml_escape(layout.state_dir));
    out += "</dict>\n</plist>\n";
    return out;
  }
  std::string exec;
  for (const std::string& a : argv) exec += (exec.empty() ? "" : " ") + systemd_word(a, true);
  out += "# Written by clawform; edits are overwritten by the next apply.\n[Unit]\n";
  out += fmt::format("Description=OpenClaw gateway ({})\n", layout.instance);
  out += "After=network-online.target\n\n[Service]\n";
  out += fmt::format("ExecStart={}\n", exec);
  for (const auto& [k, v] : env) out += fmt::format("Environment={}\n", systemd_word(k + "=" + v, false));
  out += "WorkingDirectory=/\nRestart=on-failure\nRestartSec=5\n\n[Install]\nWantedBy=default.target\n";
  return out;
}

}  // namespace clawform
