#include "backends/openclaw_parse.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "compiler/config_registry.h"

namespace clawform {

namespace {

using nlohmann::json;

std::optional<json> parse_json(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (doc.is_discarded()) return std::nullopt;
  return doc;
}

// The string at `key` of `object`, if it is one.
std::optional<std::string> string_at(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string text_or_empty(const json& object, const char* key) { return string_at(object, key).value_or(""); }

const json* object_at(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

Result<std::string> parse_openclaw_version(std::string_view text) {
  // The first token that looks like a version: digits and dots, with at least two dots.
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' ||
                               text[i] == '-' || std::isalpha(static_cast<unsigned char>(text[i]))))
      ++i;
    std::string_view token = text.substr(start, i - start);
    while (!token.empty() && token.back() == '.') token.remove_suffix(1);
    if (std::count(token.begin(), token.end(), '.') >= 2) return std::string(token);
  }
  return Status::error("no version in `openclaw --version` output");
}

Result<std::string> parse_node_probe(std::string_view text) {
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    constexpr std::string_view kPrefix = "node ";
    if (!line.starts_with(kPrefix)) continue;
    std::string_view version = line.substr(kPrefix.size());
    const bool shaped = !version.empty() && std::count(version.begin(), version.end(), '.') == 2 &&
                        std::all_of(version.begin(), version.end(), [](char c) {
                          return c == '.' || std::isdigit(static_cast<unsigned char>(c));
                        });
    if (shaped) return std::string(version);
  }
  return Status::error("the Node.js running openclaw did not report its version (NODE_OPTIONS was not honoured)");
}

Result<std::vector<PluginState>> parse_plugins_list(std::string_view json_text) {
  std::optional<json> doc = parse_json(json_text);
  if (!doc) return Status::error("`plugins list --json` printed something that is not JSON");
  if (!doc->is_object() || !doc->contains("plugins") || !(*doc)["plugins"].is_array())
    return Status::error("`plugins list --json` printed JSON without a \"plugins\" list");
  std::vector<PluginState> plugins;
  for (const json& entry : (*doc)["plugins"]) {
    if (!entry.is_object()) continue;
    PluginState p;
    p.id = text_or_empty(entry, "id");
    if (p.id.empty()) continue;
    p.name = text_or_empty(entry, "name");
    p.version = text_or_empty(entry, "version");
    p.origin = text_or_empty(entry, "origin");
    p.status = text_or_empty(entry, "status");
    p.root_dir = text_or_empty(entry, "rootDir");
    auto enabled = entry.find("enabled");
    p.enabled = enabled != entry.end() && enabled->is_boolean() && enabled->get<bool>();
    if (const json* trust = object_at(entry, "trust")) {
      p.install_source = text_or_empty(*trust, "installSource");
      p.install_spec = text_or_empty(*trust, "installSpec");
    }
    plugins.push_back(std::move(p));
  }
  std::sort(plugins.begin(), plugins.end(), [](const PluginState& a, const PluginState& b) { return a.id < b.id; });
  return plugins;
}

Result<ConfigState> parse_openclaw_config(std::string_view json_text) {
  std::optional<json> doc = parse_json(json_text);
  if (!doc || !doc->is_object())
    return Status::error(
        "openclaw.json is not a JSON object (clawform reads JSON with comments; JSON5 extras such as "
        "trailing commas or unquoted keys are not supported yet)");
  return ConfigState{true, read_config_values(*doc)};
}

std::optional<std::string> openclaw_error_message(std::string_view text) {
  // The JSON document may follow human-readable lines: parse from the first '{'.
  std::size_t brace = text.find('{');
  if (brace == std::string_view::npos) return std::nullopt;
  std::optional<json> doc = parse_json(text.substr(brace));
  if (!doc || !doc->is_object()) return std::nullopt;
  const json* error = object_at(*doc, "error");
  if (!error) return std::nullopt;
  return string_at(*error, "message");
}

}  // namespace clawform
