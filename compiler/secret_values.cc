#include "compiler/secret_values.h"

#include <algorithm>

namespace clawform {

void SecretValues::remember(const std::string& reference, const std::string& value) {
  if (value.size() < kMinLength) return;
  std::lock_guard lock(mutex_);
  for (const auto& [known, _] : values_)
    if (known == value) return;
  auto longer = [&](const auto& entry) { return entry.first.size() >= value.size(); };
  auto at = std::partition_point(values_.begin(), values_.end(), longer);
  values_.insert(at, {value, reference});
}

std::string SecretValues::redact(std::string text) const {
  std::lock_guard lock(mutex_);
  for (const auto& [value, reference] : values_) {
    const std::string placeholder = "[value of " + reference + "]";
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + placeholder.size()))
      text.replace(at, value.size(), placeholder);
  }
  return text;
}

}  // namespace clawform
