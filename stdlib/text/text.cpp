// text.cpp — UTF-8 aware text helpers behind the rule language's text functions.
#include "stdlib/text/text.h"

#include <utf8.h>

namespace twinsync::text {
namespace {

// Case mapping for ASCII and Latin-1 Supplement letters; other scripts pass through unchanged.
char32_t to_lower(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) return c + 32;
  return c;
}
char32_t to_upper(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 32;
  return c;
}

template <typename F>
std::string map_code_points(std::string_view s, F f) {
  std::string out;
  out.reserve(s.size());
  auto it = s.begin();
  while (it != s.end()) {
    const char32_t c = utf8::next(it, s.end());
    utf8::append(f(c), std::back_inserter(out));
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string lower(std::string_view s) { return map_code_points(s, to_lower); }
std::string upper(std::string_view s) { return map_code_points(s, to_upper); }

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
  if (from.empty()) return std::string(s);
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
    out.append(s.substr(pos, hit - pos));
    out.append(to);
  }
  out.append(s.substr(pos));
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

namespace {

bool is_ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

bool contains_ignore_case(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (!is_ascii(haystack) || !is_ascii(needle)) return lower(haystack).find(lower(needle)) != std::string::npos;
  if (needle.size() > haystack.size()) return false;
  const char first = ascii_lower(needle[0]);
  for (size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (ascii_lower(haystack[i]) != first) continue;
    size_t k = 1;
    while (k < needle.size() && ascii_lower(haystack[i + k]) == ascii_lower(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() == b.size()) {
    size_t i = 0;
    while (i < a.size() && ascii_lower(a[i]) == ascii_lower(b[i]) && static_cast<unsigned char>(a[i]) < 0x80) ++i;
    if (i == a.size()) return true;
    if (static_cast<unsigned char>(a[i]) < 0x80 && static_cast<unsigned char>(b[i]) < 0x80) return false;
  } else if (is_ascii(a) && is_ascii(b)) {
    return false;
  }
  return lower(a) == lower(b);  // non-ASCII letters (Ä, é …) fold through the full mapping
}

std::vector<std::string> split(std::string_view s, std::string_view separator) {
  std::vector<std::string> parts;
  if (separator.empty()) {
    parts.emplace_back(s);
    return parts;
  }
  size_t pos = 0;
  for (size_t hit; (hit = s.find(separator, pos)) != std::string_view::npos; pos = hit + separator.size()) {
    parts.emplace_back(s.substr(pos, hit - pos));
  }
  parts.emplace_back(s.substr(pos));
  return parts;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.append(separator);
    out.append(parts[i]);
  }
  return out;
}

size_t length(std::string_view s) { return utf8::unchecked::distance(s.begin(), s.end()); }

std::string truncate(std::string_view s, size_t max_chars) {
  if (length(s) <= max_chars) return std::string(s);
  if (max_chars == 0) return {};
  auto it = s.begin();
  for (size_t i = 0; i + 1 < max_chars; ++i) utf8::unchecked::next(it);
  return std::string(s.begin(), it) + "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
}

}  // namespace twinsync::text
