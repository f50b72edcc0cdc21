#include "schema/names.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

namespace clawform {

namespace {

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

template <typename Pred>
bool all_of(std::string_view s, Pred pred) {
  return std::all_of(s.begin(), s.end(), pred);
}

// [0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*
bool dotted_identifiers(std::string_view s) {
  if (s.empty()) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty() || !all_of(part, [](char c) { return lower(c) || upper(c) || digit(c) || c == '-'; }))
      return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// 0|[1-9][0-9]*
bool numeric_identifier(std::string_view s) {
  return !s.empty() && all_of(s, digit) && (s.size() == 1 || s[0] != '0');
}

}  // namespace

bool is_project_name(std::string_view s) {
  return !s.empty() && s.size() <= 32 && lower(s[0]) &&
         all_of(s, [](char c) { return lower(c) || digit(c) || c == '-'; });
}

bool is_fleet_name(std::string_view s) {
  return !s.empty() && s.size() <= 63 && (lower(s[0]) || digit(s[0])) &&
         all_of(s, [](char c) { return lower(c) || digit(c) || c == '-'; });
}

bool is_user_name(std::string_view s) {
  return !s.empty() && s.size() <= 32 && (lower(s[0]) || s[0] == '_') &&
         all_of(s, [](char c) { return lower(c) || digit(c) || c == '_' || c == '-'; });
}

bool is_key_name(std::string_view s) {
  return !s.empty() && s.size() <= 128 && upper(s[0]) &&
         all_of(s, [](char c) { return upper(c) || digit(c) || c == '_'; });
}

bool is_env_var_name(std::string_view s) {
  return !s.empty() && s.size() <= 128 && (upper(s[0]) || lower(s[0]) || s[0] == '_') &&
         all_of(s, [](char c) { return upper(c) || lower(c) || digit(c) || c == '_'; });
}

bool is_npm_package(std::string_view s) {
  if (s.empty() || s.size() > 214) return false;
  auto part_ok = [](std::string_view part) {
    return !part.empty() && part[0] != '.' && part[0] != '_' &&
           all_of(part, [](char c) { return lower(c) || digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; });
  };
  if (s[0] != '@') return part_ok(s);
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  return part_ok(s.substr(1, slash - 1)) && part_ok(s.substr(slash + 1));
}

bool is_exact_version(std::string_view s) {
  std::size_t plus = s.find('+');
  if (plus != std::string_view::npos) {
    if (!dotted_identifiers(s.substr(plus + 1))) return false;
    s = s.substr(0, plus);
  }
  std::size_t dash = s.find('-');
  if (dash != std::string_view::npos) {
    if (!dotted_identifiers(s.substr(dash + 1))) return false;
    s = s.substr(0, dash);
  }
  std::size_t first = s.find('.');
  if (first == std::string_view::npos) return false;
  std::size_t second = s.find('.', first + 1);
  if (second == std::string_view::npos) return false;
  return numeric_identifier(s.substr(0, first)) &&
         numeric_identifier(s.substr(first + 1, second - first - 1)) &&
         numeric_identifier(s.substr(second + 1));
}

namespace {

// Dot-separated identifiers in order.
std::vector<std::string_view> identifiers(std::string_view s) {
  std::vector<std::string_view> out;
  for (std::size_t start = 0;;) {
    const std::size_t dot = s.find('.', start);
    out.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool all_digits(std::string_view s) { return !s.empty() && all_of(s, digit); }

// Two identifiers by semver's rules; numbers of any length, without overflow.
int compare_identifier(std::string_view a, std::string_view b) {
  const bool na = all_digits(a), nb = all_digits(b);
  if (na && nb) {
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
  }
  if (na != nb) return na ? -1 : 1;
  return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  a = a.substr(0, a.find('+'));
  b = b.substr(0, b.find('+'));
  const std::size_t dash_a = a.find('-'), dash_b = b.find('-');
  const std::vector<std::string_view> core_a = identifiers(a.substr(0, dash_a));
  const std::vector<std::string_view> core_b = identifiers(b.substr(0, dash_b));
  for (std::size_t i = 0; i < std::min(core_a.size(), core_b.size()); ++i)
    if (int c = compare_identifier(core_a[i], core_b[i]); c != 0) return c;
  if (core_a.size() != core_b.size()) return core_a.size() < core_b.size() ? -1 : 1;
  const bool pre_a = dash_a != std::string_view::npos, pre_b = dash_b != std::string_view::npos;
  if (pre_a != pre_b) return pre_a ? -1 : 1;  // 1.0.0-beta < 1.0.0
  if (!pre_a) return 0;
  const std::vector<std::string_view> ids_a = identifiers(a.substr(dash_a + 1));
  const std::vector<std::string_view> ids_b = identifiers(b.substr(dash_b + 1));
  for (std::size_t i = 0; i < std::min(ids_a.size(), ids_b.size()); ++i)
    if (int c = compare_identifier(ids_a[i], ids_b[i]); c != 0) return c;
  return ids_a.size() == ids_b.size() ? 0 : ids_a.size() < ids_b.size() ? -1 : 1;
}

bool is_prerelease(std::string_view s) {
  if (!is_exact_version(s)) return false;
  std::size_t plus = s.find('+');
  return s.substr(0, plus).find('-') != std::string_view::npos;
}

bool is_workspace_path(std::string_view s) {
  bool rooted = s.starts_with('/') || s.starts_with("~/");
  bool escapes = s.find("/../") != std::string_view::npos || s.ends_with("/..");
  return rooted && !escapes;
}

bool is_model_ref(std::string_view s) {
  std::size_t slash = s.find('/');
  return slash != std::string_view::npos && slash > 0 && slash + 1 < s.size() &&
         all_of(s, [](char c) { return c > ' ' && c != 0x7f; });
}

namespace {

// BIP 173's checksum over the expanded human-readable part and the data.
std::uint32_t bech32_polymod(const std::vector<std::uint8_t>& values) {
  constexpr std::uint32_t kGenerator[] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  std::uint32_t check = 1;
  for (std::uint8_t v : values) {
    const std::uint32_t top = check >> 25;
    check = ((check & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; ++i)
      if ((top >> i) & 1) check ^= kGenerator[i];
  }
  return check;
}

}  // namespace

bool is_age_recipient(std::string_view s) {
  constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  constexpr std::string_view kPrefix = "age1";
  // 32 bytes are 52 five-bit groups (4 padding bits), then 6 of checksum.
  if (!s.starts_with(kPrefix) || s.size() != kPrefix.size() + 52 + 6) return false;
  std::vector<std::uint8_t> values;
  for (char c : std::string_view("age")) values.push_back(static_cast<std::uint8_t>(c >> 5));
  values.push_back(0);
  for (char c : std::string_view("age")) values.push_back(static_cast<std::uint8_t>(c & 31));
  for (char c : s.substr(kPrefix.size())) {
    std::size_t at = kCharset.find(c);
    if (at == std::string_view::npos) return false;
    values.push_back(static_cast<std::uint8_t>(at));
  }
  const std::uint8_t last_data = values[values.size() - 7];
  return (last_data & 0x0f) == 0 && bech32_polymod(values) == 1;
}

bool is_age_identity(std::string_view s) {
  constexpr std::string_view kPrefix = "AGE-SECRET-KEY-1";
  if (s.size() < kPrefix.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) != kPrefix[i]) return false;
  return true;
}

}  // namespace clawform
