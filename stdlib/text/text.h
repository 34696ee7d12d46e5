// text.h — text functions the rules call (lower, upper, trim, replace, split, join, truncate …),
// on UTF-8 strings. They work on code points, so truncate never cuts a character in half.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace twinsync::text {

std::string lower(std::string_view s);  // ASCII and Latin-1 supplement folding
std::string upper(std::string_view s);
std::string trim(std::string_view s);
std::string replace_all(std::string_view s, std::string_view from, std::string_view to);
bool contains(std::string_view haystack, std::string_view needle);
bool contains_ignore_case(std::string_view haystack, std::string_view needle);
/// Case-insensitive equality; allocation-free for ASCII, which is what field values mostly are.
bool equals_ignore_case(std::string_view a, std::string_view b);
std::vector<std::string> split(std::string_view s, std::string_view separator);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
/// At most `max_chars` code points; when cut, the last one is "…".
std::string truncate(std::string_view s, size_t max_chars);
size_t length(std::string_view s);  // in code points

}  // namespace twinsync::text
