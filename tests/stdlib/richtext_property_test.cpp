// Property: a document made only of what wiki can express reads back from its wiki markup as
// the same document (model -> wiki -> model), for generated documents full of characters that
// look like markup.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/wiki.h"

namespace twinsync::richtext {
namespace {

// Words that look like markup where they land: effect characters, brackets, line-start syntax,
// escapes, entities, and letters outside ASCII.
const std::vector<std::string> kWords = {
    "a",  "word", "Straße", "日本", "x1", "well-known", "snake_case", "C++", "2*3", "*",  "_",  "+",
    "-",  "^",    "~",      "??",  "!",  "!x!",        "[",          "]",   "[x]", "|",  "{",  "}",
    "{{", "}}",   "{*}",    "\\",  "\\\\", "&#92;",    "&",          "#",   "h1.", "bq.", "----", "{code}",
    "{quote}", "(x)", ":)", ".",   ",",  "~x",        "[~jo]",      "[a|b]", "http://x.io"};

rc::Gen<std::string> gen_text() {
  return rc::gen::exec([] {
    const int n = *rc::gen::inRange(1, 5);
    std::string s;
    for (int i = 0; i < n; ++i) {
      if (i || *rc::gen::arbitrary<bool>()) s += *rc::gen::element(std::string(" "), std::string(""), std::string("  "));
      s += *rc::gen::elementOf(kWords);
    }
    return s;
  });
}

rc::Gen<std::vector<Mark>> gen_marks() {
  return rc::gen::exec([] {
    std::vector<Mark> marks;
    for (MarkKind k : {MarkKind::Strong, MarkKind::Em, MarkKind::Underline, MarkKind::Strike, MarkKind::Code}) {
      if (*rc::gen::inRange(0, 4) == 0) marks.push_back(make_mark(k));
    }
    if (*rc::gen::inRange(0, 5) == 0) {
      Mark m = make_mark(MarkKind::Subsup);
      m.value = *rc::gen::element(std::string("sub"), std::string("sup"));
      marks.push_back(m);
    }
    if (*rc::gen::inRange(0, 6) == 0) {
      Mark m = make_mark(MarkKind::TextColor);
      m.value = *rc::gen::element(std::string("red"), std::string("#ff5630"));
      marks.push_back(m);
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      const std::string href = *rc::gen::element(std::string("https://x.io/a?b=c&d=e"), std::string("mailto:a@b.c"),
                                                 std::string("#anchor"), std::string("PROJ-1"));
      std::optional<std::string> title;
      if (*rc::gen::inRange(0, 3) == 0) title = "Tip";
      marks.push_back(make_link(href, title));
    }
    return marks;
  });
}

// The parser trims each line, so a run never starts or ends with blanks.
void trim_ends(std::vector<Node>& v) {
  while (!v.empty() && v.front().kind == NodeKind::Text) {
    std::string& s = v.front().text;
    s.erase(0, s.find_first_not_of(' '));
    if (!s.empty()) break;
    v.erase(v.begin());
  }
  while (!v.empty() && v.back().kind == NodeKind::Text) {
    std::string& s = v.back().text;
    s.erase(s.find_last_not_of(' ') + 1);
    if (!s.empty()) break;
    v.pop_back();
  }
}

// A run of inline nodes in the parser's canonical form: merged, marks sorted, ends trimmed.
rc::Gen<std::vector<Node>> gen_inlines(bool allow_empty) {
  return rc::gen::exec([allow_empty] {
    std::vector<Node> v;
    const int n = *rc::gen::inRange(1, 6);
    for (int i = 0; i < n; ++i) {
      const int what = *rc::gen::inRange(0, 10);
      if (what == 0) {
        v.push_back(make_block(NodeKind::HardBreak));
      } else if (what == 1) {
        Node m = make_block(NodeKind::Mention);
        m.wiki_username = *rc::gen::arbitrary<bool>();
        m.id = m.wiki_username ? "jsmith" : "557058:a1b2-c3";
        v.push_back(m);
      } else {
        v.push_back(make_text(*gen_text(), *gen_marks()));
      }
    }
    normalize_inlines(v);
    trim_ends(v);
    if (v.empty() && !allow_empty) v.push_back(make_text("x"));
    return v;
  });
}

Node paragraph(std::vector<Node> inlines) { return make_block(NodeKind::Paragraph, std::move(inlines)); }

rc::Gen<Node> gen_code() {
  return rc::gen::exec([] {
    std::string code;
    const int lines = *rc::gen::inRange(0, 4);
    for (int i = 0; i < lines; ++i) {
      if (i) code += '\n';
      code += *rc::gen::element(std::string("int x = 1;"), std::string("  *indented*"), std::string(""),
                                std::string("{{x}} [y] \\z"), std::string("h1. not"), std::string("   "));
    }
    std::optional<std::string> lang;
    if (*rc::gen::arbitrary<bool>()) lang = *rc::gen::element(std::string("java"), std::string("c++"));
    return make_code_block(code, lang);
  });
}

rc::Gen<Node> gen_list(int depth);

rc::Gen<Node> gen_item(int depth) {
  return rc::gen::exec([depth] {
    Node item = make_block(NodeKind::ListItem, {paragraph(*gen_inlines(true))});
    if (*rc::gen::inRange(0, 4) == 0) item.content.push_back(*gen_code());
    if (depth < 3 && *rc::gen::inRange(0, 3) == 0) item.content.push_back(*gen_list(depth + 1));
    return item;
  });
}

rc::Gen<Node> gen_list(int depth) {
  return rc::gen::exec([depth] {
    Node list = make_block(*rc::gen::arbitrary<bool>() ? NodeKind::BulletList : NodeKind::OrderedList);
    const int n = *rc::gen::inRange(1, 4);
    for (int i = 0; i < n; ++i) list.content.push_back(*gen_item(depth));
    return list;
  });
}

rc::Gen<Node> gen_table() {
  return rc::gen::exec([] {
    Node table = make_block(NodeKind::Table);
    const int rows = *rc::gen::inRange(1, 4), cols = *rc::gen::inRange(1, 4);
    for (int r = 0; r < rows; ++r) {
      Node row = make_block(NodeKind::TableRow);
      for (int c = 0; c < cols; ++c) {
        const NodeKind kind = *rc::gen::arbitrary<bool>() ? NodeKind::TableHeader : NodeKind::TableCell;
        row.content.push_back(make_block(kind, {paragraph(*gen_inlines(true))}));
      }
      table.content.push_back(row);
    }
    return table;
  });
}

Node media(bool external, bool thumbnail) {
  Node m = make_block(NodeKind::Media);
  m.media_type = external ? "external" : "file";
  if (external) {
    m.url = "https://h.io/a.png";
  } else {
    m.alt = "shot.png";
  }
  if (thumbnail) m.wiki_options = "thumbnail";
  Node single = make_block(NodeKind::MediaSingle, {m});
  single.extra = {{"attrs", {{"layout", "center"}}}};
  return single;
}

// Blocks of one container; quotes and panels do not nest (wiki's tags cannot).
rc::Gen<std::vector<Node>> gen_blocks(bool top) {
  return rc::gen::exec([top] {
    std::vector<Node> blocks;
    const int n = *rc::gen::inRange(1, top ? 6 : 3);
    for (int i = 0; i < n; ++i) {
      switch (*rc::gen::inRange(0, top ? 10 : 4)) {
        case 0: blocks.push_back(*gen_list(1)); break;
        case 1: blocks.push_back(*gen_code()); break;
        case 4: blocks.push_back(make_heading(*rc::gen::inRange(1, 7), *gen_inlines(true))); break;
        case 5: blocks.push_back(make_block(NodeKind::Blockquote, *gen_blocks(false))); break;
        case 6: {
          Node panel = make_block(NodeKind::Panel, *gen_blocks(false));
          panel.panel_type = *rc::gen::element(std::string("info"), std::string("note"), std::string("warning"),
                                               std::string("error"), std::string("success"));
          if (*rc::gen::arbitrary<bool>()) panel.title = "Heads: up";
          blocks.push_back(panel);
          break;
        }
        case 7: blocks.push_back(make_block(NodeKind::Rule)); break;
        case 8: blocks.push_back(*gen_table()); break;
        case 9: blocks.push_back(media(*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>())); break;
        default: blocks.push_back(paragraph(*gen_inlines(false))); break;
      }
    }
    return blocks;
  });
}

RC_GTEST_PROP(WikiProperty, ModelThroughWikiReadsBackTheSame, ()) {
  const Node doc = make_doc(*gen_blocks(true));
  const std::string wiki = print_wiki(doc);
  RC_LOG() << wiki << "\n";
  const Node back = parse_wiki(wiki);
  // Compared as text: RapidCheck cannot show nlohmann::json values.
  const std::string expected = print_adf(doc).dump(), actual = print_adf(back).dump();
  RC_ASSERT(actual == expected);
  RC_ASSERT(static_cast<bool>(back == doc));
}

// Property: any text, however broken as markup, parses to a model whose wiki reads back to the
// same model (so a document synced twice does not drift).
RC_GTEST_PROP(WikiProperty, AnyTextPrintsBackStably, ()) {
  static const std::vector<std::string> kPieces = {
      "\n", "\n\n", " ", "a", "b c", "*", "_", "-", "+", "^", "~", "??", "{*}", "{{", "}}", "[", "]", "|", "||",
      "!", "!a.png!", "\\", "\\\\", "&#92;", "h1. ", "bq. ", "* ", "# ", "- ", "** ", "----", "{code}",
      "{code:java}", "{noformat}", "{quote}", "{panel:title=T}", "{panel}", "{color:red}", "{color}", "[~jo]",
      "[x|https://y.z]", "[https://y.z]", "http://q.r", "\t", "é", "|a|b|", "||h||", "\n* ", "\n# ", "#* ",
      "{code:x}\n", "!a.png|thumbnail!", "[~accountid:q1]", "{{x}}", "*a*", "x_y", "&#x41;", "\\*", "[a|b|c]",
      "[a|b|smart-link]", "{panel:bgColor=#eae6ff}", "{color:#00ff00}"};
  const auto parts = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kPieces));
  std::string source;
  for (const std::string& p : parts) source += p;
  RC_LOG() << source << "\n";
  const Node first = parse_wiki(source);
  const std::string printed = print_wiki(first);
  RC_LOG() << "printed:\n" << printed << "\n";
  const Node second = parse_wiki(printed);
  RC_ASSERT(print_wiki(second) == printed);
  RC_ASSERT(print_adf(second).dump() == print_adf(first).dump());
}

}  // namespace
}  // namespace twinsync::richtext
