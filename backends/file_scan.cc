#include "backends/file_scan.h"

#include <sys/stat.h>


#include "backends/digest.h"
#include "backends/file_io.h"

namespace clawform {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

PathState stat_path(const std::string& path) {
  PathState state;
  state.path = path;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return state;
  state.exists = true;
  state.type = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "symlink" : "other";
  state.mode = st.st_mode & 07777;
  state.uid = st.st_uid;
  if (S_ISREG(st.st_mode)) state.size = static_cast<std::uint64_t>(st.st_size);
  return state;
}

std::map<std::string, std::string> parse_dotenv(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = trim(line.substr(7));
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string_view name = trim(line.substr(0, eq));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    out[std::string(name)] = std::string(value);
  }
  return out;
}

SecretsState scan_secrets(const std::string& dir, const std::string& key_file, std::string_view digest_key,
                          std::string& error) {
  SecretsState state;
  state.dir = stat_path(dir);
  state.key_file = stat_path(key_file);
  if (state.key_file.type != "file") return state;
  Result<std::string> text = read_file(key_file);
  if (!text) error = text.message();
  else
    for (const auto& [name, value] : parse_dotenv(*text)) state.key_digests[name] = hmac_sha256_hex(digest_key, value);
  return state;
}

ServiceState scan_service(const std::string& manager, const std::string& name, const std::string& path,
                          std::string& error) {
  ServiceState state{manager, name, stat_path(path), ""};
  if (state.file.type != "file") return state;
  if (Result<std::string> text = read_file(path)) state.content_digest = sha256_hex(*text);
  else error = text.message();
  return state;
}

}  // namespace clawform
