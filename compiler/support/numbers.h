// numbers.h — integers read from text that comes from outside (config files, URLs, headers,
// JSON strings, command lines): the whole text must be the number, and anything else (empty,
// a sign or space where none belongs, trailing characters, out of range) is nullopt, never an
// exception, unlike std::stoi.
#pragma once

#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>

namespace twinsync {

/// Decimal (or `base`) digits with an optional leading '-' for signed types; nothing else.
template <std::integral T>
std::optional<T> parse_int(std::string_view text, int base = 10) {
  T value{};
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || ec != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace twinsync
