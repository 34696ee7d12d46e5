// wiki_print_flow.cpp — lists as marker lines, and blocks squeezed onto one line (table cells).
#include "stdlib/richtext/wiki_print.h"
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {
namespace {

bool is_list(const Node& n) {
  return n.kind == NodeKind::BulletList || n.kind == NodeKind::OrderedList || n.kind == NodeKind::TaskList;
}

// Wiki has no task lists: a task list prints as a bullet list whose items start "[x] " or "[ ] ",
// nested task lists going under the item before them.
Node task_as_bullets(const Node& tasks) {
  Node list = make_block(NodeKind::BulletList);
  for (const Node& child : tasks.content) {
    if (child.kind == NodeKind::TaskList) {
      if (list.content.empty()) list.content.push_back(make_block(NodeKind::ListItem));
      list.content.back().content.push_back(child);
      continue;
    }
    std::vector<Node> inlines;
    if (child.kind == NodeKind::TaskItem) {
      inlines.push_back(make_text(child.state == "DONE" ? "[x] " : "[ ] "));
      inlines.insert(inlines.end(), child.content.begin(), child.content.end());
    } else {
      inlines.push_back(make_text(text_content(child)));
    }
    list.content.push_back(make_block(NodeKind::ListItem, {make_block(NodeKind::Paragraph, std::move(inlines))}));
  }
  return list;
}

// A code block on one line: each non-blank line {{monospace}}, with breaks between.
std::vector<Node> code_as_inlines(const Node& code) {
  std::string text;
  for (const Node& n : code.content) text += text_content(n);
  std::vector<Node> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    const std::string line = text.substr(start, nl - start);
    if (!trim(line).empty()) {
      if (!out.empty()) out.push_back(make_block(NodeKind::HardBreak));
      out.push_back(make_text(line, {make_mark(MarkKind::Code)}));
    }
    start = nl + 1;
  }
  return out;
}

enum class Last { Nothing, Text, Media, Block };

// One list item: its first text on the marker line, images beside it, further text on
// continuation lines, code and quotes as macros under it, nested lists as deeper markers.
std::string print_item(const Node& item, const std::string& marker, Context ctx) {
  std::string out;
  Last last = Last::Nothing;
  bool started = false;
  auto line = [&](const std::string& s) { out += (out.empty() ? "" : "\n") + s; };
  for (const Node& b : item.content) {
    if (is_list(b)) {
      Context inner = ctx;
      inner.depth += 2;
      line(print_list(b, marker, inner));
      last = Last::Block;
      continue;
    }
    if (!started) {
      line(marker + " ");
      started = true;
    }
    const bool macro = b.kind == NodeKind::CodeBlock || (b.kind == NodeKind::Blockquote && !ctx.in_quote) ||
                       (b.kind == NodeKind::Panel && !ctx.in_panel);
    if (macro) {
      Context inner = ctx;
      inner.depth += 2;
      line(print_block(b, inner));
      last = Last::Block;
      continue;
    }
    const bool media = b.kind == NodeKind::MediaSingle;
    const std::string s = media ? print_media(b)
                          : b.kind == NodeKind::Paragraph ? print_inlines(b.content, true)
                                                          : print_flow({b}, ctx.depth + 2);
    if (s.empty()) continue;
    if (last == Last::Nothing) {
      out += s;
    } else if (last == Last::Media || (media && last == Last::Text)) {
      // A space could turn the line's start into a list marker ("-" then " !a.png!"); the
      // parser needs none beside an image.
      const size_t nl = out.rfind('\n');
      const std::string current = out.substr(nl == std::string::npos ? 0 : nl + 1);
      const bool becomes_block = !starts_block(current) && starts_block(current + " " + s);
      out += (becomes_block ? "" : " ") + s;
    } else {
      line(s);
    }
    last = media ? Last::Media : Last::Text;
  }
  return started || !out.empty() ? out : marker + " ";
}

}  // namespace

std::string print_list(const Node& list, const std::string& prefix, Context ctx) {
  if (ctx.depth > kMaxDepth) return "";
  if (list.kind == NodeKind::TaskList) return print_list(task_as_bullets(list), prefix, ctx);
  const std::string marker = prefix + (list.kind == NodeKind::OrderedList ? '#' : '*');
  std::string out;
  for (const Node& item : list.content) {
    const std::string s = print_item(item, marker, ctx);
    if (!s.empty()) out += (out.empty() ? "" : "\n") + s;
  }
  return out;
}

std::string print_flow(const std::vector<Node>& blocks, int depth) {
  if (depth > kMaxDepth) return "";
  std::string out;
  Last last = Last::Nothing;
  for (const Node& b : blocks) {
    std::string s;
    const bool media = b.kind == NodeKind::MediaSingle;
    if (media) {
      s = print_media(b);
    } else if (b.kind == NodeKind::Paragraph || b.kind == NodeKind::Heading) {
      s = print_inlines(b.content, false);
    } else if (b.kind == NodeKind::CodeBlock) {
      s = print_inlines(code_as_inlines(b), false);
    } else if (b.kind == NodeKind::Rule) {
      continue;
    } else if (b.kind == NodeKind::Raw || is_inline(b.kind)) {
      s = print_inlines({b.kind == NodeKind::Raw ? make_text(text_content(b)) : b}, false);
    } else {
      s = print_flow(b.kind == NodeKind::TaskList ? task_as_bullets(b).content : b.content, depth + 1);
    }
    if (s.empty()) continue;
    if (last != Last::Nothing) out += media || last == Last::Media ? " " : "\\\\";
    out += s;
    last = media ? Last::Media : Last::Text;
  }
  return out;
}

}  // namespace twinsync::richtext::wiki
