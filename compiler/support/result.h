// result.h — a value or an error message: how errors cross module boundaries (no exceptions).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace twinsync {

/// A failure that crosses a module boundary: what went wrong, worded for the user.
struct Error {
  std::string message;
  /// Optional machine-readable kind ("timeout", "http_429", "not_found" …) for callers that branch.
  std::string kind;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// Result of an operation that yields nothing but can fail.
struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

inline Error make_error(std::string message, std::string kind = {}) {
  return Error{std::move(message), std::move(kind)};
}

}  // namespace twinsync
