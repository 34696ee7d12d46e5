// wiki_syntax.h — what the wiki parser and printer share: how a line starts, character classes,
// and the inline layer's entry points. Internal to stdlib/richtext.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext::wiki {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
inline bool is_ascii_punct(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
/// Letters and digits; every byte of a multi-byte UTF-8 sequence counts as a letter.
inline bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80;
}

/// What `[x]` alone must look like to be a link rather than text.
inline bool url_like(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.rfind("mailto:", 0) == 0 || s.rfind("file:", 0) == 0 ||
         (!s.empty() && s[0] == '#');
}

enum class LineKind {
  Text, Blank, Heading, QuoteLine, ListItem, Rule, TableRow, CodeMacro, NoformatMacro, QuoteMacro, PanelMacro,
};

/// How a line starts, read after its leading blanks.
struct LineStart {
  LineKind kind = LineKind::Text;
  size_t at = 0;              // where the syntax begins (after the leading blanks)
  size_t content = 0;         // Heading, QuoteLine, ListItem: where the text after the syntax begins
  size_t escape = std::string_view::npos;  // the character a printer escapes to keep it text
  int level = 0;              // Heading: 1..6
  std::string_view marker;    // ListItem: "*", "#*", "-"
};
LineStart classify_line(std::string_view line);
bool starts_block(std::string_view line);  // neither Text nor Blank

std::string_view trim(std::string_view s);

/// Where an atomic inline span at `i` ends (an escape, {{monospace}}, [link] or !image!), or `i`
/// when none starts there; lets block-level scans skip '|' and tags inside them.
size_t inline_span_end(std::string_view s, size_t i);

/// Inline markup to inline nodes (text with marks, hardBreak, mention, inlineCard, and images as
/// inline Media for hoist_media to lift out), in canonical form.
std::vector<Node> parse_inline(std::string_view text);

/// Drops leading and trailing blanks and hard breaks.
void trim_inlines(std::vector<Node>& inlines);

/// Splits inline nodes at images into paragraphs and mediaSingle blocks; an empty input gives
/// no blocks.
std::vector<Node> hoist_media(std::vector<Node> inlines);

/// Inline nodes as wiki markup. With `newlines`, a hardBreak is a newline where that reads back
/// the same (paragraphs, list items); otherwise always "\\" (headings, table cells).
std::string print_inlines(const std::vector<Node>& inlines, bool newlines);

}  // namespace twinsync::richtext::wiki
