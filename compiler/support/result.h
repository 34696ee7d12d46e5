// result.h — a value or an error message: how errors cross module boundaries (no exceptions).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace twinsync {

/// What a caller may branch on (errors.def); the message is for people.
enum class ErrorKind : unsigned char {
#define ERROR_KIND(id, name, doc) id,
#include "compiler/support/errors.def"
#undef ERROR_KIND
};

/// The kind's name ("not_found"; "" for None), as logs, answers and the store show it.
constexpr std::string_view error_kind_name(ErrorKind k) {
  switch (k) {
#define ERROR_KIND(id, name, doc) \
  case ErrorKind::id:             \
    return name;
#include "compiler/support/errors.def"
#undef ERROR_KIND
  }
  return "";
}

/// The kind a name stands for; nullopt for a name errors.def does not have.
constexpr std::optional<ErrorKind> error_kind_from_name(std::string_view name) {
#define ERROR_KIND(id, text, doc) \
  if (name == text) return ErrorKind::id;
#include "compiler/support/errors.def"
#undef ERROR_KIND
  return std::nullopt;
}

/// A failure that crosses a module boundary: what went wrong, worded for the user.
struct Error {
  std::string message;
  ErrorKind kind = ErrorKind::None;
  int http_status = 0;  // the status of an ErrorKind::Http answer; 0 otherwise
};

/// The kind as one word, with the status for HTTP answers ("http_404"), as the store records it.
inline std::string error_kind_text(const Error& e) {
  if (e.kind == ErrorKind::Http) return "http_" + std::to_string(e.http_status);
  return std::string(error_kind_name(e.kind));
}

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

inline Error make_error(std::string message, ErrorKind kind = ErrorKind::None) {
  return Error{std::move(message), kind, 0};
}

/// The same failure told with more context: its kind (and HTTP status) kept, its message replaced.
inline Error reworded(const Error& e, std::string message) {
  return Error{std::move(message), e.kind, e.http_status};
}

/// A non-2xx answer of the given status.
inline Error make_http_error(std::string message, int status) {
  return Error{std::move(message), ErrorKind::Http, status};
}

}  // namespace twinsync
