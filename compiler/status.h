#pragma once
// The one way a fallible operation in compiler/ and backends/ says what went
// wrong (docs/architecture.md, "Errors"): a Status when there is no value,
// a Result<T> when there is one. The message is for an operator: it names
// the project, the path or the command, and never holds a secret value.
// Exceptions thrown by libraries (nlohmann, Boost, std::filesystem) are
// caught in the adapter that calls them and turned into one of these;
// nothing throws across the apply loop.

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace clawform {

class [[nodiscard]] Status {
 public:
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return is_ok(); }
  // Why it failed; "" when it did not.
  const std::string& message() const { return message_; }

  // The same failure with `context` in front: "saving step 3: <message>".
  Status prefixed(std::string_view context) const {
    return failed_ ? Status(std::string(context) + message_) : *this;
  }

 private:
  Status() = default;
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}

  bool failed_ = false;
  std::string message_;
};

// A value, or the Status of why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Status failure) : state_(std::in_place_index<1>, std::move(failure)) {}  // NOLINT

  bool is_ok() const { return state_.index() == 0; }
  explicit operator bool() const { return is_ok(); }

  // REQUIRES: is_ok().
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // ok() when there is a value, else the failure.
  Status status() const { return is_ok() ? Status::ok() : std::get<1>(state_); }
  // Why there is no value; "" when there is one.
  const std::string& message() const {
    static const std::string none;
    return is_ok() ? none : std::get<1>(state_).message();
  }

 private:
  std::variant<T, Status> state_;
};

}  // namespace clawform
