// atoms.h — how inline atoms (mention, emoji, status, date) read as text, for the wiki and
// plain-text printers.
#pragma once

#include <string>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext {

/// "2024-01-31" (UTC) for an ADF date's millisecond timestamp; the timestamp itself when it is
/// not a number.
std::string date_text(const std::string& timestamp);
/// "Ann" for a mention labelled "@Ann"; the id when it has no label.
std::string mention_name(const Node& mention);
/// "😀" when the emoji has its character, else its short name.
std::string emoji_text(const Node& emoji);

}  // namespace twinsync::richtext
