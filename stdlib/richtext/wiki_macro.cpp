// wiki_macro.cpp — the block macros: {code[:lang]}, {noformat}, {quote} and {panel[:params]}.
#include "stdlib/richtext/palette.h"
#include "stdlib/richtext/wiki_block.h"

namespace twinsync::richtext::wiki {
namespace {

bool starts_with(std::string_view s, size_t i, std::string_view p) { return s.substr(i, p.size()) == p; }

// The end of "{code…}" / "{noformat…}" tag at `i`, when the tag closes on its line.
size_t tag_end(std::string_view s, size_t i) {
  for (size_t k = i; k < s.size() && s[k] != '\n'; ++k) {
    if (s[k] == '}') return k + 1;
  }
  return i;
}

// A body starts on the line after its tag when nothing but blanks follows the tag.
size_t body_start(std::string_view s, size_t i) {
  size_t k = i;
  while (k < s.size() && (s[k] == ' ' || s[k] == '\t')) ++k;
  if (k == s.size()) return k;
  return s[k] == '\n' ? k + 1 : i;
}

// The newline before a closing tag on its own line belongs to the markup, not the body.
std::string_view body_text(std::string_view body) {
  const size_t nl = body.rfind('\n');
  if (nl != std::string_view::npos && body.find_first_not_of(" \t", nl + 1) == std::string_view::npos) {
    return body.substr(0, nl);
  }
  return body;
}

// The closing tag of a {quote} or {panel}: the first one not escaped by a backslash, as in
// Jira's renderer, which does not look into code blocks or {{monospace}} for it either. The
// printer escapes every '{' outside code bodies, so what it writes reads back the same.
size_t find_closer(std::string_view s, size_t from, std::string_view closer) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (starts_with(s, i, closer)) {
      return i;
    }
  }
  return std::string_view::npos;
}

std::vector<std::pair<std::string_view, std::string_view>> params_of(std::string_view params) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  while (!params.empty()) {
    const size_t bar = params.find('|');
    const std::string_view p = params.substr(0, bar);
    const size_t eq = p.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(std::string_view(), trim(p));
    } else {
      out.emplace_back(trim(p.substr(0, eq)), trim(p.substr(eq + 1)));
    }
    if (bar == std::string_view::npos) break;
    params.remove_prefix(bar + 1);
  }
  return out;
}

// The text between "{name:" and "}" of a tag from `open` to `end`, or "" without a colon.
std::string_view tag_params(std::string_view s, size_t open, size_t end, size_t name_len) {
  const size_t colon = open + 1 + name_len;
  return s[colon] == ':' ? s.substr(colon + 1, end - 1 - colon - 1) : std::string_view();
}

}  // namespace

bool BlockParser::macro(const LineStart& ls, int depth, std::vector<Node>& out) {
  if (ls.kind == LineKind::CodeMacro || ls.kind == LineKind::NoformatMacro) {
    return code_macro(ls, ls.kind == LineKind::NoformatMacro, out);
  }
  return container_macro(ls, depth, ls.kind == LineKind::PanelMacro, out);
}

// An unterminated code block runs to the end of the text, as Jira shows it.
bool BlockParser::code_macro(const LineStart& ls, bool noformat, std::vector<Node>& out) {
  const size_t open = pos_ + ls.at;
  const size_t end = tag_end(src_, open);
  if (end == open) return false;
  const std::string_view closer = noformat ? "{noformat}" : "{code}";
  const size_t body = body_start(src_, end);
  const size_t close = src_.find(closer, body);
  std::string_view text = src_.substr(body, close == std::string_view::npos ? std::string_view::npos : close - body);
  pos_ = close == std::string_view::npos ? src_.size() : close + closer.size();
  std::optional<std::string> language;
  if (!noformat) {
    for (const auto& [key, value] : params_of(tag_params(src_, open, end, 4))) {
      if ((key.empty() && !language) || key == "language" || key == "lang") language = std::string(value);
    }
    if (language && language->empty()) language.reset();
  }
  out.push_back(make_code_block(std::string(body_text(text)), std::move(language)));
  return true;
}

bool BlockParser::container_macro(const LineStart& ls, int depth, bool panel, std::vector<Node>& out) {
  const size_t open = pos_ + ls.at;
  const size_t end = tag_end(src_, open);
  if (end == open) return false;
  const std::string_view closer = panel ? "{panel}" : "{quote}";
  const size_t body = body_start(src_, end);
  const size_t close = find_closer(src_, body, closer);
  const std::string_view inner = body_text(
      src_.substr(body, close == std::string_view::npos ? std::string_view::npos : close - body));
  pos_ = close == std::string_view::npos ? src_.size() : close + closer.size();
  const bool flatten = panel ? nesting_.in_panel : nesting_.in_quote;
  Nesting inside = nesting_;
  (panel ? inside.in_panel : inside.in_quote) = true;
  Node n = make_block(panel ? NodeKind::Panel : NodeKind::Blockquote);
  const int content_depth = flatten ? depth : depth + 1;
  if (room(content_depth, 2)) {
    n.content = BlockParser(inner, content_depth, inside).parse();
  } else {
    n.content = inline_blocks(trim(inner));  // too deep to nest further: its text, flat
  }
  if (flatten) {
    for (Node& b : n.content) out.push_back(std::move(b));
    return true;
  }
  if (n.content.empty()) n.content.push_back(make_block(NodeKind::Paragraph));
  if (panel) {
    n.panel_type = "info";
    for (const auto& [key, value] : params_of(tag_params(src_, open, end, 5))) {
      if (key == "title" && !value.empty()) n.title = std::string(value);
      if (key == "bgColor") n.panel_type = std::string(panel_type_for_color(value));
    }
  }
  out.push_back(std::move(n));
  return true;
}

}  // namespace twinsync::richtext::wiki
