#include "schema/json_schema.h"

#include <charconv>

#include <fmt/format.h>

#include "schema/vocabulary.h"

namespace clawform {

namespace {

using Json = nlohmann::ordered_json;

std::string ref_to(std::string_view object) { return fmt::format("#/$defs/{}", object); }

// The default as a JSON value, when the docs' default is a literal.
std::optional<Json> literal_default(const FieldSpec& f) {
  if (f.default_value.empty()) return std::nullopt;
  switch (f.type) {
    case FieldType::Integer: {
      long v = 0;
      auto [end, ec] = std::from_chars(f.default_value.data(), f.default_value.data() + f.default_value.size(), v);
      if (ec == std::errc() && end == f.default_value.data() + f.default_value.size()) return Json(v);
      return std::nullopt;
    }
    case FieldType::Boolean: return Json(f.default_value == "true");
    case FieldType::Enum:
      for (auto v : f.values)
        if (v == f.default_value) return Json(std::string(v));
      return std::nullopt;
    default: return std::nullopt;
  }
}

Json value_schema(const FieldSpec& f) {
  Json s;
  switch (f.type) {
    case FieldType::String:
      s["type"] = "string";
      if (!f.pattern.empty()) s["pattern"] = f.pattern;
      break;
    case FieldType::Integer:
      s["type"] = "integer";
      if (f.minimum || f.maximum) {
        s["minimum"] = f.minimum;
        s["maximum"] = f.maximum;
      }
      break;
    case FieldType::Boolean: s["type"] = "boolean"; break;
    case FieldType::Enum: s["enum"] = f.values; break;
    case FieldType::Object:
    case FieldType::KeyRef: s["$ref"] = ref_to(f.object); break;
    case FieldType::MapOf: {
      s["type"] = "object";
      s["propertyNames"] = {{"pattern", f.key_pattern}};
      Json item = {{"$ref", ref_to(f.object)}};
      if (f.object == "project") {
        item = {{"anyOf", {item, {{"type", "null"}}}}};
        s["minProperties"] = 1;
      }
      if (f.object == "plugin")
        item = {{"oneOf", {{{"type", "string"}, {"pattern", patterns::kExactVersion}}, item}}};
      s["additionalProperties"] = item;
      break;
    }
    case FieldType::PortRange:
      s["oneOf"] = {{{"type", "string"}, {"pattern", f.pattern}},
                    {{"type", "integer"}, {"minimum", 1}, {"maximum", 65535}}};
      break;
    case FieldType::PluginPin: s["$ref"] = ref_to(f.object); break;
    case FieldType::StringList:
      s["type"] = "array";
      s["items"] = {{"type", "string"}, {"pattern", f.pattern}};
      s["uniqueItems"] = true;
      if (f.minimum) s["minItems"] = f.minimum;
      break;
  }
  return s;
}

Json field_schema(const FieldSpec& f) {
  Json s = {{"description", f.description}};
  s.update(value_schema(f));
  if (auto d = literal_default(f)) s["default"] = *d;
  return s;
}

Json object_schema(const ObjectSpec& spec) {
  Json s = {{"type", "object"}, {"description", spec.description}, {"additionalProperties", false}};
  Json properties = Json::object();
  Json required = Json::array();
  for (const FieldSpec& f : spec.fields) {
    properties[std::string(f.key)] = field_schema(f);
    if (f.required) required.push_back(f.key);
  }
  s["properties"] = std::move(properties);
  if (!required.empty()) s["required"] = std::move(required);
  return s;
}

// key_ref is closed per source: env needs var, file needs path, keychain
// needs service (and may have account); nothing else is allowed.
Json key_ref_schema(const ObjectSpec& spec) {
  auto variant = [&](std::string_view from, std::vector<std::string_view> keys, std::string_view needed) {
    Json properties = {{"from", {{"const", from}}}};
    for (auto key : keys) properties[std::string(key)] = field_schema(*spec.field(key));
    return Json{{"type", "object"},
                {"additionalProperties", false},
                {"required", {"from", needed}},
                {"properties", properties}};
  };
  return Json{{"description", spec.description},
              {"oneOf",
               {variant("env", {"var"}, "var"), variant("file", {"path"}, "path"),
                variant("keychain", {"service", "account"}, "service")}}};
}

}  // namespace

nlohmann::ordered_json manifest_json_schema() {
  Json defs = Json::object();
  for (const ObjectSpec& spec : object_specs())
    defs[std::string(spec.name)] = spec.name == "key_ref" ? key_ref_schema(spec) : object_schema(spec);
  // Token and password auth need a reference to their secret.
  auto needs = [](std::string_view mode, std::string_view key) {
    return Json{{"if", {{"properties", {{"mode", {{"const", mode}}}}}}}, {"then", {{"required", {key}}}}};
  };
  defs["gateway_auth"]["allOf"] = {needs("token", "token"), needs("password", "password")};
  Json root = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
               {"$id", kManifestSchemaId},
               {"title", "clawform fleet manifest (clawform/v1)"}};
  root.update(defs["manifest"]);
  defs.erase("manifest");
  root["$defs"] = std::move(defs);
  return root;
}

namespace {

std::string type_text(const FieldSpec& f) {
  switch (f.type) {
    case FieldType::String: return f.pattern.empty() ? "string" : fmt::format("string `{}`", f.pattern);
    case FieldType::Integer:
      return f.minimum || f.maximum ? fmt::format("integer {}..{}", f.minimum, f.maximum) : "integer";
    case FieldType::Boolean: return "boolean";
    case FieldType::Enum: {
      std::string out = "one of";
      for (std::size_t i = 0; i < f.values.size(); ++i) out += fmt::format("{} `{}`", i ? "," : "", f.values[i]);
      return out;
    }
    case FieldType::Object: return fmt::format("[{0}](#{0})", f.object);
    case FieldType::MapOf: return fmt::format("map `{0}` → [{1}](#{1})", f.key_pattern, f.object);
    case FieldType::PortRange: return "`FIRST-LAST` or a port";
    case FieldType::PluginPin: return fmt::format("version or [{0}](#{0})", f.object);
    case FieldType::KeyRef: return fmt::format("[{0}](#{0})", f.object);
    case FieldType::StringList: return fmt::format("list of string `{}`", f.pattern);
  }
  return {};
}

std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string manifest_reference_markdown() {
  std::string out;
  for (const ObjectSpec& spec : object_specs()) {
    out += fmt::format("### {}\n\n{}\n\n", spec.name, spec.description);
    out += "| key | type | required | default | example | meaning |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const FieldSpec& f : spec.fields)
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", f.key, cell(type_text(f)),
                         f.required ? "yes" : "no",
                         f.default_value.empty() ? "" : fmt::format("`{}`", cell(f.default_value)),
                         f.example.empty() ? "" : fmt::format("`{}`", cell(f.example)), cell(f.description));
    out += "\n";
  }
  return out;
}

}  // namespace clawform
