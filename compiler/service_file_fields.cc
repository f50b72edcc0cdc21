#include "compiler/service_file_fields.h"

#include <cstdlib>
#include <string_view>

#include <fmt/format.h>

namespace clawform {

namespace {

// --- launchd: the plist clawform writes (a dict of keys, arrays, strings) --

std::string xml_unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t end = s.find(';', i);
    if (end == std::string_view::npos) {
      out += s.substr(i);
      break;
    }
    std::string_view entity = s.substr(i + 1, end - i - 1);
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "apos") out += '\'';
    else if (entity.starts_with("#")) {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      const std::string digits(entity.substr(hex ? 2 : 1));
      const long code = std::strtol(digits.c_str(), nullptr, hex ? 16 : 10);
      if (code > 0 && code < 0x80) out += static_cast<char>(code);  // the ASCII escapes XML writers use
    } else {
      out += s.substr(i, end - i + 1);
    }
    i = end;
  }
  return out;
}

// The body of the `<tag>...</tag>` element that follows `<key>name</key>`.
std::optional<std::string_view> element_after_key(std::string_view text, std::string_view name, std::string_view tag) {
  const std::string key = fmt::format("<key>{}</key>", name);
  std::size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  at = text.find_first_not_of(" \t\r\n", at + key.size());
  const std::string open = fmt::format("<{}>", tag), close = fmt::format("</{}>", tag);
  if (at == std::string_view::npos || text.substr(at, open.size()) != open) return std::nullopt;
  std::size_t end = text.find(close, at);
  if (end == std::string_view::npos) return std::nullopt;
  return text.substr(at + open.size(), end - at - open.size());
}

// The `<tag>text</tag>` elements of `body`, in order, as (tag, text).
std::vector<std::pair<std::string, std::string>> leaf_elements(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t at = 0;
  while ((at = body.find('<', at)) != std::string_view::npos) {
    std::size_t gt = body.find('>', at);
    if (gt == std::string_view::npos) break;
    std::string tag(body.substr(at + 1, gt - at - 1));
    if (tag.empty() || tag[0] == '/' || tag[0] == '!') {
      at = gt + 1;
      continue;
    }
    if (tag.back() == '/') {  // <string/>
      tag.pop_back();
      out.emplace_back(tag, "");
      at = gt + 1;
      continue;
    }
    std::size_t close = body.find(fmt::format("</{}>", tag), gt);
    if (close == std::string_view::npos) break;
    out.emplace_back(tag, xml_unescape(body.substr(gt + 1, close - gt - 1)));
    at = close + tag.size() + 3;
  }
  return out;
}

Result<ServiceFileFields> read_plist(const std::string& text) {
  ServiceFileFields fields;
  std::optional<std::string_view> args = element_after_key(text, "ProgramArguments", "array");
  if (!args) return Status::error("no ProgramArguments array");
  for (auto& [tag, value] : leaf_elements(*args)) {
    if (tag != "string") return Status::error(fmt::format("ProgramArguments holds a <{}>, not only strings", tag));
    fields.argv.push_back(std::move(value));
  }
  if (std::optional<std::string_view> env = element_after_key(text, "EnvironmentVariables", "dict")) {
    std::vector<std::pair<std::string, std::string>> items = leaf_elements(*env);
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      if (items[i].first != "key" || items[i + 1].first != "string")
        return Status::error("EnvironmentVariables is not a dict of strings");
      fields.environment.emplace_back(items[i].second, items[i + 1].second);
    }
  }
  return fields;
}

// --- systemd: a unit's [Service] lines, with its quoting -------------------

// systemd's %-specifiers: only %% is expected in what clawform writes.
Result<std::string> unescape_specifiers(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '%') {
      out += '%';
      ++i;
      continue;
    }
    return Status::error(fmt::format("unexpected specifier in `{}`", s));
  }
  return out;
}

// Splits a value into words the way systemd does (extract_first_word with
// unquoting and C unescaping): "..." and '...' quote, a backslash escapes.
Result<std::vector<std::string>> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) return words;
    std::string word;
    char quote = 0;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (!quote && (c == ' ' || c == '\t')) break;
      if (c == '\\' && i + 1 < s.size()) {
        char next = s[++i];
        switch (next) {
          case 'n': word += '\n'; break;
          case 't': word += '\t'; break;
          default: word += next;
        }
        continue;
      }
      if (quote ? c == quote : (c == '"' || c == '\'')) {
        quote = quote ? 0 : c;
        continue;
      }
      word += c;
    }
    if (quote) return Status::error(fmt::format("unterminated quote in `{}`", s));
    words.push_back(std::move(word));
  }
}

Result<ServiceFileFields> read_unit(const std::string& text) {
  ServiceFileFields fields;
  std::string section;
  bool exec_seen = false;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') {
      section = line;
      continue;
    }
    if (section != "[Service]") continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) return Status::error(fmt::format("not a key=value line: `{}`", line));
    const std::string key = line.substr(0, eq);
    std::string value = line.substr(eq + 1);
    if (key == "ExecStart") {
      if (exec_seen) return Status::error("more than one ExecStart=");
      exec_seen = true;
      std::size_t prefix = value.find_first_not_of("@-:+!");
      value = prefix == std::string::npos ? "" : value.substr(prefix);
      Result<std::string> plain = unescape_specifiers(value);
      if (!plain) return plain.status();
      Result<std::vector<std::string>> words = split_words(*plain);
      if (!words) return words.status();
      for (std::string& w : *words) {
        std::string unescaped;  // $$ is a literal $ in ExecStart=
        for (std::size_t i = 0; i < w.size(); ++i) {
          if (w[i] == '$' && i + 1 < w.size() && w[i + 1] == '$') ++i;
          unescaped += w[i];
        }
        fields.argv.push_back(std::move(unescaped));
      }
    } else if (key == "Environment") {
      Result<std::vector<std::string>> words = split_words(value);
      if (!words) return words.status();
      for (const std::string& w : *words) {
        Result<std::string> assignment = unescape_specifiers(w);
        if (!assignment) return assignment.status();
        const std::size_t sep = assignment->find('=');
        if (sep == std::string::npos) return Status::error(fmt::format("Environment= `{}` has no =", w));
        fields.environment.emplace_back(assignment->substr(0, sep), assignment->substr(sep + 1));
      }
    }
  }
  if (!exec_seen) return Status::error("no ExecStart= in [Service]");
  return fields;
}

}  // namespace

std::string service_program(const std::string& manager, const std::string& text) {
  Result<ServiceFileFields> fields = read_service_fields(manager, text);
  return fields && !fields->argv.empty() ? fields->argv.front() : "";
}

Result<ServiceFileFields> read_service_fields(const std::string& manager, const std::string& text) {
  Result<ServiceFileFields> read = manager == "launchd" ? read_plist(text) : read_unit(text);
  if (!read) return read;
  ServiceFileFields& fields = *read;
  if (fields.argv.empty()) return Status::error("the command line is empty");
  for (std::size_t i = 1; i + 1 < fields.argv.size(); ++i) {
    if (fields.argv[i] == "--profile") fields.profile = fields.argv[i + 1];
    if (fields.argv[i] == "--port") {
      const std::string& p = fields.argv[i + 1];
      char* end = nullptr;
      const long port = std::strtol(p.c_str(), &end, 10);
      if (p.empty() || *end != '\0' || port < 1 || port > 65535)
        return Status::error(fmt::format("--port `{}` is not a port", p));
      fields.port = static_cast<int>(port);
    }
  }
  for (const auto& [name, value] : fields.environment)
    if (name == "OPENCLAW_STATE_DIR") fields.state_dir = value;
  return read;
}

Status check_service_fields(const std::string& path, const std::string& text, const InstanceLayout& layout) {
  Result<ServiceFileFields> read = read_service_fields(layout.service_manager, text);
  if (!read) return read.status().prefixed(fmt::format("{}: read back: ", path));
  auto shown = [](const auto& v) { return v ? fmt::format("`{}`", *v) : std::string("absent"); };
  std::vector<std::string> differences;
  if (read->profile != layout.profile)
    differences.push_back(fmt::format("--profile is {}, the manifest says {}", shown(read->profile),
                                      shown(layout.profile)));
  if (read->port != layout.port)
    differences.push_back(fmt::format("--port is {}, the manifest says `{}`", shown(read->port), layout.port));
  if (read->state_dir != layout.state_dir)
    differences.push_back(fmt::format("OPENCLAW_STATE_DIR is {}, the manifest says `{}`", shown(read->state_dir),
                                      layout.state_dir));
  if (differences.empty()) return Status::ok();
  std::string joined;
  for (const std::string& d : differences) joined += (joined.empty() ? "" : "; ") + d;
  return Status::error(fmt::format("{}: read back: {}", path, joined));
}

}  // namespace clawform
