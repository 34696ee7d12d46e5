// wiki_block.cpp — the wiki block parser's main loop: paragraphs, headings and bq. lines.
#include "stdlib/richtext/wiki_block.h"

#include <utf8.h>

#include "stdlib/richtext/wiki.h"

namespace twinsync::richtext::wiki {

std::vector<Node> inline_blocks(std::string_view text) {
  std::vector<Node> inlines = parse_inline(text);
  trim_text_ends(inlines);
  return hoist_media(std::move(inlines));
}

std::string_view BlockParser::line() const {
  const size_t end = src_.find('\n', pos_);
  return src_.substr(pos_, end == std::string_view::npos ? std::string_view::npos : end - pos_);
}

void BlockParser::next_line() {
  const size_t end = src_.find('\n', pos_);
  pos_ = end == std::string_view::npos ? src_.size() : end + 1;
}

std::vector<Node> BlockParser::parse() {
  std::vector<Node> out;
  while (!at_end()) {
    if (classify_line(line()).kind == LineKind::Blank) {
      next_line();
    } else {
      block(out);
    }
  }
  return out;
}

void BlockParser::block(std::vector<Node>& out) {
  const LineStart ls = classify_line(line());
  switch (ls.kind) {
    case LineKind::Heading: heading(ls, out); return;
    case LineKind::QuoteLine: quote_line(ls, out); return;
    case LineKind::Rule:
      out.push_back(make_block(NodeKind::Rule));
      next_line();
      return;
    case LineKind::ListItem:
      if (room(depth_, 4)) {
        list(out);
        return;
      }
      break;
    case LineKind::TableRow:
      if (room(depth_, 4)) {
        table(out);
        return;
      }
      break;
    case LineKind::CodeMacro:
    case LineKind::NoformatMacro:
    case LineKind::QuoteMacro:
    case LineKind::PanelMacro:
      if (macro(ls, depth_, out)) return;
      break;  // not a complete tag after all: text
    default: break;
  }
  paragraph(out);
}

// A paragraph runs to a blank line or to a line that starts another block; its newlines are
// hard breaks, as Jira renders them.
void BlockParser::paragraph(std::vector<Node>& out) {
  std::string text(trim(line()));
  next_line();
  while (!at_end()) {
    const std::string_view l = line();
    const LineStart ls = classify_line(l);
    if (ls.kind != LineKind::Text) break;
    text += '\n';
    text += trim(l);
    next_line();
  }
  for (Node& n : inline_blocks(text)) out.push_back(std::move(n));
}

void BlockParser::heading(const LineStart& ls, std::vector<Node>& out) {
  std::vector<Node> inlines = parse_inline(trim(line().substr(ls.content)));
  next_line();
  // ADF headings hold no images: they follow the heading as blocks of their own.
  std::vector<Node> media;
  std::vector<Node> text;
  for (Node& n : inlines) (n.kind == NodeKind::Media ? media : text).push_back(std::move(n));
  if (!media.empty()) {
    normalize_inlines(text);
    trim_inlines(text);
  }
  trim_text_ends(text);
  out.push_back(make_heading(ls.level, std::move(text)));
  for (Node& b : hoist_media(std::move(media))) out.push_back(std::move(b));
}

void BlockParser::quote_line(const LineStart& ls, std::vector<Node>& out) {
  std::vector<Node> blocks = inline_blocks(trim(line().substr(ls.content)));
  next_line();
  if (nesting_.in_quote) {
    for (Node& b : blocks) out.push_back(std::move(b));
    return;
  }
  if (blocks.empty()) blocks.push_back(make_block(NodeKind::Paragraph));
  out.push_back(make_block(NodeKind::Blockquote, std::move(blocks)));
}

}  // namespace twinsync::richtext::wiki

namespace twinsync::richtext {

Node parse_wiki(std::string_view wiki) {
  try {
    // ADF is JSON, which must be valid UTF-8: damaged bytes become U+FFFD here, once.
    std::string src;
    src.reserve(wiki.size());
    utf8::replace_invalid(wiki.begin(), wiki.end(), std::back_inserter(src));
    std::string lf;
    lf.reserve(src.size());
    for (size_t i = 0; i < src.size(); ++i) {
      if (src[i] != '\r') {
        lf += src[i];
      } else if (i + 1 >= src.size() || src[i + 1] != '\n') {
        lf += '\n';
      }
    }
    return make_doc(wiki::BlockParser(lf, 1).parse());
  } catch (const std::exception&) {
    return make_doc();  // only memory exhaustion gets here
  }
}

}  // namespace twinsync::richtext
