// text.h — ASCII case folding for protocol text (header names, media types, host names, JQL
// keywords): bytes outside A-Z are left alone, whatever the locale. Rule-language text that
// users see is folded by stdlib/text instead, code point by code point.
#pragma once

#include <string>
#include <string_view>

namespace twinsync {

char ascii_lower(char c);
std::string ascii_lower(std::string_view s);
/// Equal but for the case of ASCII letters.
bool iequals(std::string_view a, std::string_view b);
/// `s` without the ASCII white space (space, tab, CR, LF, VT, FF) at either end.
std::string_view ascii_trim(std::string_view s);

}  // namespace twinsync
