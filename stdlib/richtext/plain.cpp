// plain.cpp — renders the document model as the plain text a reader would see.
#include "stdlib/richtext/plain.h"

#include "stdlib/richtext/atoms.h"

namespace twinsync::richtext {
namespace {

const Mark* link_of(const Node& n) {
  for (const Mark& m : n.marks) {
    if (m.kind == MarkKind::Link) return &m;
  }
  return nullptr;
}

std::string media_name(const Node& media) { return media.alt ? *media.alt : media.url ? *media.url : media.id.value_or(""); }

std::string inline_text(const std::vector<Node>& inlines) {
  std::string out;
  for (size_t i = 0; i < inlines.size(); ++i) {
    const Node& n = inlines[i];
    if (const Mark* link = n.kind == NodeKind::Text ? link_of(n) : nullptr) {
      // A link's text may be split over several text nodes (bold in the middle): read it once.
      std::string text = n.text;
      while (i + 1 < inlines.size() && inlines[i + 1].kind == NodeKind::Text && link_of(inlines[i + 1]) &&
             *link_of(inlines[i + 1]) == *link) {
        text += inlines[++i].text;
      }
      out += text;
      if (text != link->href && "mailto:" + text != link->href) out += " (" + link->href + ")";
      continue;
    }
    switch (n.kind) {
      case NodeKind::HardBreak: out += '\n'; break;
      case NodeKind::Mention: out += "@" + mention_name(n); break;
      case NodeKind::Emoji: out += emoji_text(n); break;
      case NodeKind::InlineCard: out += n.url.value_or(""); break;
      case NodeKind::Status: out += n.label.value_or(""); break;
      case NodeKind::Date: out += date_text(n.timestamp); break;
      case NodeKind::Media: out += media_name(n); break;
      default: out += text_content(n); break;
    }
  }
  return out;
}

// Every line after the first gets `pad` in front, so it lines up under a list marker.
std::string hang(const std::string& text, const std::string& pad) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

std::string prefix_lines(const std::string& text, const std::string& prefix) { return prefix + hang(text, prefix); }

std::string blocks_text(const std::vector<Node>& blocks, int depth, const char* separator = "\n\n");
std::string block_text(const Node& n, int depth);

std::string list_text(const Node& list, int level, int depth) {
  const bool ordered = list.kind == NodeKind::OrderedList;
  int number = list.order.value_or(1);
  const std::string pad(2 * level, ' ');
  std::string out;
  auto line = [&](const std::string& s) { out += (out.empty() ? "" : "\n") + s; };
  for (const Node& item : list.content) {
    if (item.kind == NodeKind::BulletList || item.kind == NodeKind::OrderedList || item.kind == NodeKind::TaskList) {
      line(list_text(item, level + 1, depth + 1));  // a task list nests its lists among its items
      continue;
    }
    std::string marker = ordered ? std::to_string(number++) + ". " : "- ";
    if (item.kind == NodeKind::TaskItem) {
      marker = item.state == "DONE" ? "[x] " : "[ ] ";
      line(pad + marker + hang(inline_text(item.content), pad + std::string(marker.size(), ' ')));
      continue;
    }
    std::string own;
    std::string nested;
    for (const Node& b : item.content) {
      if (b.kind == NodeKind::BulletList || b.kind == NodeKind::OrderedList || b.kind == NodeKind::TaskList) {
        nested += (nested.empty() ? "" : "\n") + list_text(b, level + 1, depth + 2);
      } else {
        own += (own.empty() ? "" : "\n") + block_text(b, depth + 2);
      }
    }
    if (!own.empty() || nested.empty()) line(pad + marker + hang(own, pad + std::string(marker.size(), ' ')));
    if (!nested.empty()) line(nested);
  }
  return out;
}

std::string table_text(const Node& table, int depth) {
  std::string out;
  for (const Node& row : table.content) {
    std::string line;
    for (size_t i = 0; i < row.content.size(); ++i) {
      std::string cell = blocks_text(row.content[i].content, depth + 2, " ");
      for (char& c : cell) c = (c == '\n' || c == '\t') ? ' ' : c;
      line += (i ? "\t" : "") + cell;
    }
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

std::string block_text(const Node& n, int depth) {
  if (depth > kMaxDepth) return "";
  switch (n.kind) {
    case NodeKind::Paragraph:
    case NodeKind::Heading:
    case NodeKind::TaskItem: return inline_text(n.content);
    case NodeKind::CodeBlock: return text_content(n);
    case NodeKind::BulletList:
    case NodeKind::OrderedList:
    case NodeKind::TaskList: return list_text(n, 0, depth);
    case NodeKind::Blockquote: return prefix_lines(blocks_text(n.content, depth + 1), "> ");
    case NodeKind::Rule: return "----";
    case NodeKind::Table: return table_text(n, depth);
    case NodeKind::Expand:
    case NodeKind::NestedExpand:
    case NodeKind::Panel: {
      const std::string body = blocks_text(n.content, depth + 1);
      const std::string title = n.title.value_or("");
      return title + (!title.empty() && !body.empty() ? "\n" : "") + body;
    }
    case NodeKind::MediaSingle: return blocks_text(n.content, depth + 1, "\n");
    case NodeKind::Media: return media_name(n);
    case NodeKind::Raw: return text_content(n);
    default:
      if (is_inline(n.kind)) return inline_text({n});
      return blocks_text(n.content, depth + 1);
  }
}

std::string blocks_text(const std::vector<Node>& blocks, int depth, const char* separator) {
  std::string out;
  for (const Node& b : blocks) {
    const std::string s = block_text(b, depth);
    if (s.empty()) continue;
    if (!out.empty()) out += separator;
    out += s;
  }
  return out;
}

}  // namespace

std::string plain_text(const Node& node) { return block_text(node, 0); }

}  // namespace twinsync::richtext
