#pragma once
// The secret values a SecretSource has handed out in this run, kept only so
// that text from outside clawform (openclaw's messages, a doctor finding, a
// stderr tail) can be scrubbed of them before it is printed, journaled or
// written into a plan. Never written anywhere itself. Thread-safe.

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace clawform {

class SecretValues {
 public:
  // Remembers `value` as the value of `reference` (KeyRef::describe()).
  // Values shorter than kMinLength are not remembered: scrubbing "a" out of
  // every message would make them unreadable and hide nothing.
  void remember(const std::string& reference, const std::string& value);

  // `text` with every remembered value replaced by "[value of REFERENCE]",
  // the longest values first (one may contain another).
  std::string redact(std::string text) const;

  static constexpr std::size_t kMinLength = 6;

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> values_;  // (value, reference), longest value first
};

}  // namespace clawform
