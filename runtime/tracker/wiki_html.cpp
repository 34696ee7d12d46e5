// wiki_html.cpp — renderedFields: stored wiki markup as the HTML Jira's renderer gives (p,
// h1–h6, ul/ol/li, pre, blockquote, table, a, b, em, ins, del, code, sub, sup, br), read
// through stdlib/richtext's document model. Every text and attribute is escaped and only
// http(s), mailto and relative links are kept, so stored text never becomes script in a page.
#include <algorithm>
#include <cctype>
#include <string>

#include "runtime/tracker/richtext_bridge.h"
#include "stdlib/richtext/doc.h"
#include "stdlib/richtext/plain.h"
#include "stdlib/richtext/wiki.h"

namespace twinsync::tracker {

namespace {

using richtext::Mark;
using richtext::MarkKind;
using richtext::Node;
using richtext::NodeKind;

void escape(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': break;
      default: out += c;
    }
  }
}

bool safe_url(std::string_view url) {
  for (std::string_view ok : {"http://", "https://", "mailto:", "/", "#"}) {
    if (url.substr(0, ok.size()) == ok && url.substr(0, 2) != "//") return true;
  }
  return false;
}

bool safe_color(std::string_view c) {
  if (c.empty() || c.size() > 32) return false;
  for (char ch : c) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '#') return false;
  }
  return true;
}

class HtmlWriter {
 public:
  std::string out;

  void block(const Node& n) {
    switch (n.kind) {
      case NodeKind::Doc: blocks(n); break;
      case NodeKind::Paragraph: wrap("p", n); break;
      case NodeKind::Heading: wrap("h" + std::to_string(std::clamp(n.level, 1, 6)), n); break;
      case NodeKind::BulletList:
      case NodeKind::TaskList: wrap("ul", n); break;
      case NodeKind::OrderedList:
        if (n.order && *n.order != 1) {
          out += "<ol start=\"" + std::to_string(*n.order) + "\">";
          blocks(n);
          out += "</ol>";
        } else {
          wrap("ol", n);
        }
        break;
      case NodeKind::ListItem: wrap("li", n); break;
      case NodeKind::TaskItem:
        out += n.state == "DONE" ? "<li>[x] " : "<li>[ ] ";
        content(n);
        out += "</li>";
        break;
      case NodeKind::CodeBlock:
        out += "<pre><code>";
        escape(richtext::text_content(n), out);
        out += "</code></pre>";
        break;
      case NodeKind::Blockquote: wrap("blockquote", n); break;
      case NodeKind::Panel:
      case NodeKind::Expand:
      case NodeKind::NestedExpand: titled(n); break;
      case NodeKind::Rule: out += "<hr/>"; break;
      case NodeKind::Table: wrap("table", n); break;
      case NodeKind::TableRow: wrap("tr", n); break;
      case NodeKind::TableHeader: wrap("th", n); break;
      case NodeKind::TableCell: wrap("td", n); break;
      case NodeKind::MediaSingle: blocks(n); break;
      default: inline_node(n); break;
    }
  }

 private:
  void wrap(const std::string& tag, const Node& n) {
    out += "<" + tag + ">";
    content(n);
    out += "</" + tag + ">";
  }

  void titled(const Node& n) {
    out += "<div class=\"panel\">";
    if (n.title && !n.title->empty()) {
      out += "<b>";
      escape(*n.title, out);
      out += "</b>";
    }
    blocks(n);
    out += "</div>";
  }

  void blocks(const Node& n) {
    for (const Node& c : n.content) block(c);
  }

  // A node's children are all blocks or all inline (the model follows ADF).
  void content(const Node& n) {
    for (const Node& c : n.content) {
      if (richtext::is_inline(c.kind)) inline_node(c);
      else block(c);
    }
  }

  void open_mark(const Mark& m) {
    switch (m.kind) {
      case MarkKind::Strong: out += "<b>"; break;
      case MarkKind::Em: out += "<em>"; break;
      case MarkKind::Underline: out += "<ins>"; break;
      case MarkKind::Strike: out += "<del>"; break;
      case MarkKind::Code: out += "<code>"; break;
      case MarkKind::Subsup: out += m.value == "sub" ? "<sub>" : "<sup>"; break;
      case MarkKind::Link:
        if (safe_url(m.href)) {
          out += "<a href=\"";
          escape(m.href, out);
          out += "\">";
        } else {
          out += "<span>";
        }
        break;
      case MarkKind::TextColor:
        out += safe_color(m.value) ? "<span style=\"color: " + m.value + "\">" : "<span>";
        break;
      default: out += "<span>"; break;
    }
  }

  void close_mark(const Mark& m) {
    switch (m.kind) {
      case MarkKind::Strong: out += "</b>"; break;
      case MarkKind::Em: out += "</em>"; break;
      case MarkKind::Underline: out += "</ins>"; break;
      case MarkKind::Strike: out += "</del>"; break;
      case MarkKind::Code: out += "</code>"; break;
      case MarkKind::Subsup: out += m.value == "sub" ? "</sub>" : "</sup>"; break;
      case MarkKind::Link: out += safe_url(m.href) ? "</a>" : "</span>"; break;
      default: out += "</span>"; break;
    }
  }

  void inline_node(const Node& n) {
    for (const Mark& m : n.marks) open_mark(m);
    switch (n.kind) {
      case NodeKind::Text: escape(n.text, out); break;
      case NodeKind::HardBreak: out += "<br/>"; break;
      case NodeKind::Mention:
        out += "<span class=\"user-mention\">";
        escape(n.label ? *n.label : "@" + n.id.value_or(""), out);
        out += "</span>";
        break;
      case NodeKind::InlineCard:
        if (n.url && safe_url(*n.url)) {
          out += "<a href=\"";
          escape(*n.url, out);
          out += "\">";
          escape(*n.url, out);
          out += "</a>";
        }
        break;
      case NodeKind::Media:
        out += "<span class=\"image\">";
        escape(n.alt ? *n.alt : n.url.value_or(""), out);
        out += "</span>";
        break;
      default: escape(richtext::plain_text(n), out); break;
    }
    for (auto m = n.marks.rbegin(); m != n.marks.rend(); ++m) close_mark(*m);
  }
};

}  // namespace

std::string wiki_to_html(std::string_view wiki) {
  HtmlWriter w;
  w.block(richtext::parse_wiki(wiki));
  return w.out;
}

}  // namespace twinsync::tracker
