// wiki_print.cpp — the document model as Jira wiki markup, block by block.
#include "stdlib/richtext/wiki_print.h"

#include <algorithm>

#include "stdlib/richtext/palette.h"
#include "stdlib/richtext/wiki.h"
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {
namespace {

// Parameter values of {code:…} and {panel:…} end at '|' and '}'; a language with '=' would
// read as a key.
std::string clean_param(std::string_view s, std::string_view bad) {
  std::string out;
  for (char c : s) out += bad.find(c) == std::string_view::npos ? c : ' ';
  return std::string(trim(out));
}

constexpr std::string_view kTitleBad = "|{}\n\r";
constexpr std::string_view kLanguageBad = "|{}\n\r=";

std::string print_panel(const Node& n, Context ctx) {
  Context inner = ctx;
  ++inner.depth;
  inner.in_panel = true;
  const std::string body = print_blocks(n.content, inner);
  if (ctx.in_panel) return body;
  std::string params;
  if (n.title && !clean_param(*n.title, kTitleBad).empty()) params = "title=" + clean_param(*n.title, kTitleBad);
  if (!n.panel_type.empty() && panel_type_for_color(panel_color(n.panel_type)) != "info") {
    params += (params.empty() ? "" : "|") + std::string("bgColor=") + std::string(panel_color(n.panel_type));
  }
  return "{panel" + (params.empty() ? "" : ":" + params) + "}\n" + body + "\n{panel}";
}

std::string print_quote(const Node& n, Context ctx) {
  Context inner = ctx;
  ++inner.depth;
  inner.in_quote = true;
  const std::string body = print_blocks(n.content, inner);
  return ctx.in_quote ? body : "{quote}\n" + body + "\n{quote}";
}

std::string print_table(const Node& table, Context ctx) {
  std::string out;
  for (const Node& row : table.content) {
    if (row.kind != NodeKind::TableRow || row.content.empty()) continue;
    std::string line;
    std::string delim;
    for (const Node& cell : row.content) {
      delim = cell.kind == NodeKind::TableHeader ? "||" : "|";
      const std::string text = print_flow(cell.content, ctx.depth + 2);
      line += delim + (text.empty() ? " " : text);
    }
    out += (out.empty() ? "" : "\n") + line + delim;
  }
  return out;
}

std::string print_raw(const Node& n) {
  const auto& attrs = n.extra.is_object() ? n.extra.value("attrs", nlohmann::json()) : nlohmann::json();
  if (attrs.is_object() && attrs.contains("url") && attrs["url"].is_string()) {
    const std::string url = attrs["url"];
    return print_inlines({make_text(url, {make_link(url)})}, true);
  }
  return print_inlines({make_text(text_content(n))}, true);
}

}  // namespace

std::string print_code(const Node& code) {
  std::string text;
  for (const Node& n : code.content) text += text_content(n);
  const std::string lang = code.language ? clean_param(*code.language, kLanguageBad) : std::string();
  const bool code_close = text.find("{code}") != std::string::npos;
  const bool noformat_close = text.find("{noformat}") != std::string::npos;
  if (!lang.empty() && !code_close) return "{code:" + lang + "}\n" + text + "\n{code}";
  if (!noformat_close) return "{noformat}\n" + text + "\n{noformat}";
  if (!code_close) return "{code}\n" + text + "\n{code}";
  // Both closing tags occur in the text: there is no way to quote it whole.
  std::string broken;
  for (size_t i = 0; i < text.size(); ++i) {
    broken += text[i];
    if (text.compare(i, 9, "{noformat") == 0) broken += ' ';
  }
  return "{noformat}\n" + broken + "\n{noformat}";
}

std::string print_media(const Node& media_single) {
  for (const Node& child : media_single.content) {
    if (child.kind != NodeKind::Media) continue;
    std::string atom = print_inlines({child}, false);
    if (!atom.empty()) return atom;
    return print_inlines({make_text(child.url ? *child.url : child.alt.value_or(""))}, false);
  }
  return "";
}

std::string print_blocks(const std::vector<Node>& blocks, Context ctx) {
  std::string out;
  for (const Node& b : blocks) {
    const std::string s = print_block(b, ctx);
    if (s.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += s;
  }
  return out;
}

std::string print_block(const Node& n, Context ctx) {
  if (ctx.depth > kMaxDepth) return "";
  Context inner = ctx;
  ++inner.depth;
  switch (n.kind) {
    case NodeKind::Paragraph: return print_inlines(n.content, true);
    case NodeKind::Heading: {
      const std::string text = print_inlines(n.content, false);
      return "h" + std::to_string(std::clamp(n.level, 1, 6)) + "." + (text.empty() ? "" : " " + text);
    }
    case NodeKind::BulletList:
    case NodeKind::OrderedList:
    case NodeKind::TaskList: return print_list(n, "", ctx);
    case NodeKind::CodeBlock: return print_code(n);
    case NodeKind::Blockquote: return print_quote(n, ctx);
    case NodeKind::Panel: return print_panel(n, ctx);
    case NodeKind::Rule: return "----";
    case NodeKind::Table: return print_table(n, ctx);
    case NodeKind::MediaSingle: {
      std::string out = print_media(n);
      for (const Node& child : n.content) {
        const std::string caption = child.kind == NodeKind::Media ? "" : print_inlines({make_text(text_content(child))}, true);
        if (!caption.empty()) out += (out.empty() ? "" : "\n\n") + caption;
      }
      return out;
    }
    case NodeKind::Expand:
    case NodeKind::NestedExpand: {
      // Wiki has no expand: its title becomes a bold line above its content.
      std::string title = n.title && !n.title->empty()
                              ? print_inlines({make_text(*n.title, {make_mark(MarkKind::Strong)})}, true)
                              : "";
      const std::string body = print_blocks(n.content, inner);
      return title + (!title.empty() && !body.empty() ? "\n\n" : "") + body;
    }
    case NodeKind::Raw: return print_raw(n);
    default:
      if (is_inline(n.kind)) return print_inlines({n}, true);
      return print_blocks(n.content, inner);
  }
}

}  // namespace twinsync::richtext::wiki

namespace twinsync::richtext {

std::string print_wiki(const Node& node) {
  if (node.kind == NodeKind::Doc) return wiki::print_blocks(node.content, wiki::Context{});
  return wiki::print_block(node, wiki::Context{});
}

}  // namespace twinsync::richtext
