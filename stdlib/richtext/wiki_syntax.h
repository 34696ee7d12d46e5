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

/// What the file name or URL of !image! may hold, and its options after '|': nothing that
/// could end it or read as other markup, so that printing it reads back the same.
inline bool image_name_ok(std::string_view s) {
  return !s.empty() && s.find_first_of(" \t\n\r\f\v!|[]{}\\") == std::string_view::npos;
}
inline bool image_options_ok(std::string_view s) { return s.find_first_of("\n\r!|[]{}\\") == std::string_view::npos; }

/// What [~id] may hold: account ids ("557058:f1e2…") and user names ("j.smith@corp").
inline bool mention_id_ok(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_alnum(c) && std::string_view(":._-@+").find(c) == std::string_view::npos) return false;
  }
  return true;
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
/// Drops the blanks at both ends of a run's text (not its hard breaks): the parser does it to
/// every paragraph, heading and cell, as it trims lines, and the printer so it never writes them.
void trim_text_ends(std::vector<Node>& inlines);

/// Reads the href or title part of [text|href|title]: backslash escapes taken out.
std::string unescape_target(std::string_view s);

/// Splits inline nodes at images into paragraphs and mediaSingle blocks; an empty input gives
/// no blocks.
std::vector<Node> hoist_media(std::vector<Node> inlines);

/// Inline nodes as wiki markup. With `newlines`, a hardBreak is a newline where that reads back
/// the same (paragraphs, list items); otherwise always "\\" (headings, table cells).
std::string print_inlines(const std::vector<Node>& inlines, bool newlines);

}  // namespace twinsync::richtext::wiki
