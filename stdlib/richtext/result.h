// result.h — the value-or-error type the rich-text API returns instead of throwing.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace twinsync::richtext {

/// Why an input was refused, and where in it.
struct Error {
  std::string where;  // a JSON pointer into the input ("/content/2/attrs/level"); "" is the root
  std::string what;   // "heading level must be an integer from 1 to 6"

  /// "/content/2/attrs/level: heading level must be an integer from 1 to 6".
  std::string message() const { return (where.empty() ? std::string("/") : where) + ": " + what; }
};

/// A value of T, or the Error that prevented it. value() and error() must only be called on the
/// alternative that ok() reports.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit, so functions can `return doc;`
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace twinsync::richtext
