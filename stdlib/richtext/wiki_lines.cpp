// wiki_lines.cpp — recognises how a wiki line starts (heading, list item, table row, macro …).
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {
namespace {

bool blank_or_end(std::string_view line, size_t k) { return k >= line.size() || line[k] == ' ' || line[k] == '\t'; }

size_t skip_blanks(std::string_view line, size_t k) {
  while (k < line.size() && is_space(line[k])) ++k;
  return k;
}

// "{name}" or "{name:…" at `i`.
bool macro_tag(std::string_view line, size_t i, std::string_view name, bool params) {
  if (line.substr(i + 1, name.size()) != name || line[i] != '{') return false;
  const size_t k = i + 1 + name.size();
  return k < line.size() && (line[k] == '}' || (params && line[k] == ':'));
}

LineKind macro_kind(std::string_view line, size_t i) {
  if (macro_tag(line, i, "code", true)) return LineKind::CodeMacro;
  if (macro_tag(line, i, "noformat", true)) return LineKind::NoformatMacro;
  if (macro_tag(line, i, "quote", false)) return LineKind::QuoteMacro;
  if (macro_tag(line, i, "panel", true)) return LineKind::PanelMacro;
  return LineKind::Text;
}

bool list_marker(std::string_view line, LineStart& r) {
  const size_t i = r.at;
  size_t k = i;
  while (k < line.size() && (line[k] == '*' || line[k] == '#')) ++k;
  if (k == i && line[i] == '-' && i + 1 < line.size() && (line[i + 1] == ' ' || line[i + 1] == '\t')) k = i + 1;
  if (k == i || !blank_or_end(line, k)) return false;
  r.kind = LineKind::ListItem;
  r.marker = line.substr(i, k - i);
  r.escape = i;
  r.content = skip_blanks(line, k);
  return true;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

LineStart classify_line(std::string_view line) {
  LineStart r;
  r.at = skip_blanks(line, 0);
  if (r.at == line.size()) {
    r.kind = LineKind::Blank;
    return r;
  }
  const size_t i = r.at;
  const std::string_view rest = line.substr(i);
  if (rest.size() >= 3 && rest[0] == 'h' && rest[1] >= '1' && rest[1] <= '6' && rest[2] == '.' &&
      blank_or_end(line, i + 3)) {
    r.kind = LineKind::Heading;
    r.level = rest[1] - '0';
  } else if (rest.substr(0, 3) == "bq." && blank_or_end(line, i + 3)) {
    r.kind = LineKind::QuoteLine;
  } else if (rest.substr(0, 4) == "----" && skip_blanks(line, i + 4) == line.size()) {
    r.kind = LineKind::Rule;
    r.escape = i;
    return r;
  } else if (rest[0] == '|') {
    r.kind = LineKind::TableRow;
    r.escape = i;
    return r;
  } else if ((r.kind = macro_kind(line, i)) != LineKind::Text) {
    r.escape = i;
    return r;
  } else {
    list_marker(line, r);
    return r;
  }
  r.escape = i + 2;  // the '.' of "h1." and "bq."
  r.content = skip_blanks(line, i + 3);
  return r;
}

bool starts_block(std::string_view line) {
  const LineKind k = classify_line(line).kind;
  return k != LineKind::Text && k != LineKind::Blank;
}

}  // namespace twinsync::richtext::wiki
