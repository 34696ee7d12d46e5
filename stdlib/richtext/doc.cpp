// doc.cpp — names of the model's node and mark kinds, builders, and canonical inline form.
#include "stdlib/richtext/doc.h"

#include <algorithm>
#include <array>
#include <utility>

namespace twinsync::richtext {
namespace {

constexpr std::array<std::pair<NodeKind, std::string_view>, 27> kNodeNames{{
    {NodeKind::Doc, "doc"},
    {NodeKind::Paragraph, "paragraph"},
    {NodeKind::Heading, "heading"},
    {NodeKind::BulletList, "bulletList"},
    {NodeKind::OrderedList, "orderedList"},
    {NodeKind::ListItem, "listItem"},
    {NodeKind::CodeBlock, "codeBlock"},
    {NodeKind::Blockquote, "blockquote"},
    {NodeKind::Panel, "panel"},
    {NodeKind::Rule, "rule"},
    {NodeKind::Table, "table"},
    {NodeKind::TableRow, "tableRow"},
    {NodeKind::TableHeader, "tableHeader"},
    {NodeKind::TableCell, "tableCell"},
    {NodeKind::MediaSingle, "mediaSingle"},
    {NodeKind::Media, "media"},
    {NodeKind::Expand, "expand"},
    {NodeKind::NestedExpand, "nestedExpand"},
    {NodeKind::TaskList, "taskList"},
    {NodeKind::TaskItem, "taskItem"},
    {NodeKind::Text, "text"},
    {NodeKind::HardBreak, "hardBreak"},
    {NodeKind::Mention, "mention"},
    {NodeKind::Emoji, "emoji"},
    {NodeKind::InlineCard, "inlineCard"},
    {NodeKind::Status, "status"},
    {NodeKind::Date, "date"},
}};

constexpr std::array<std::pair<MarkKind, std::string_view>, 10> kMarkNames{{
    {MarkKind::Link, "link"},
    {MarkKind::Strong, "strong"},
    {MarkKind::Em, "em"},
    {MarkKind::Underline, "underline"},
    {MarkKind::Strike, "strike"},
    {MarkKind::Code, "code"},
    {MarkKind::Subsup, "subsup"},
    {MarkKind::TextColor, "textColor"},
    {MarkKind::BackgroundColor, "backgroundColor"},
    {MarkKind::Annotation, "annotation"},
}};

template <typename Kind, size_t N>
std::string_view name_of(const std::array<std::pair<Kind, std::string_view>, N>& table, Kind k) {
  for (const auto& [kind, name] : table) {
    if (kind == k) return name;
  }
  return {};
}

template <typename Kind, size_t N>
std::optional<Kind> kind_of(const std::array<std::pair<Kind, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [kind, n] : table) {
    if (n == name) return kind;
  }
  return std::nullopt;
}

void append_raw_text(const nlohmann::json& j, std::string& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "text" && value.is_string()) {
        out += value.get_ref<const std::string&>();
      } else if (value.is_structured()) {
        append_raw_text(value, out);
      }
    }
  } else if (j.is_array()) {
    for (const auto& value : j) append_raw_text(value, out);
  }
}

}  // namespace

std::string_view adf_name(NodeKind kind) { return name_of(kNodeNames, kind); }
std::string_view adf_name(MarkKind kind) { return name_of(kMarkNames, kind); }
std::optional<NodeKind> node_kind_from_adf(std::string_view type) {
  return kind_of(kNodeNames, type);
}
std::optional<MarkKind> mark_kind_from_adf(std::string_view type) {
  return kind_of(kMarkNames, type);
}

bool is_inline(NodeKind kind) {
  switch (kind) {
    case NodeKind::Text:
    case NodeKind::HardBreak:
    case NodeKind::Mention:
    case NodeKind::Emoji:
    case NodeKind::InlineCard:
    case NodeKind::Status:
    case NodeKind::Date:
      return true;
    default:
      return false;
  }
}

bool holds_content(NodeKind kind) {
  switch (kind) {
    case NodeKind::Rule:
    case NodeKind::Media:
    case NodeKind::Raw:
      return false;
    default:
      return !is_inline(kind);
  }
}

Node make_doc(std::vector<Node> blocks) {
  Node doc = make_block(NodeKind::Doc, std::move(blocks));
  doc.extra = {{"version", 1}};  // ADF requires it; keeping it in `extra` keeps a parsed doc's own
  doc.keep_empty_content = true;  // and requires "content", even when empty
  return doc;
}

Node make_block(NodeKind kind, std::vector<Node> content) {
  Node n;
  n.kind = kind;
  n.content = std::move(content);
  return n;
}

Node make_text(std::string text, std::vector<Mark> marks) {
  Node n;
  n.kind = NodeKind::Text;
  n.text = std::move(text);
  n.marks = std::move(marks);
  return n;
}

Node make_heading(int level, std::vector<Node> inlines) {
  Node n = make_block(NodeKind::Heading, std::move(inlines));
  n.level = level;
  return n;
}

Node make_code_block(std::string code, std::optional<std::string> language) {
  Node n = make_block(NodeKind::CodeBlock);
  if (!code.empty()) n.content.push_back(make_text(std::move(code)));
  n.language = std::move(language);
  return n;
}

Mark make_mark(MarkKind kind) {
  Mark m;
  m.kind = kind;
  return m;
}

Mark make_link(std::string href, std::optional<std::string> title) {
  Mark m = make_mark(MarkKind::Link);
  m.href = std::move(href);
  m.title = std::move(title);
  return m;
}

void sort_marks(std::vector<Mark>& marks) {
  std::stable_sort(marks.begin(), marks.end(),
                   [](const Mark& a, const Mark& b) { return a.kind < b.kind; });
}

void normalize_inlines(std::vector<Node>& inlines) {
  std::vector<Node> out;
  out.reserve(inlines.size());
  for (Node& n : inlines) {
    if (n.kind == NodeKind::Text) {
      if (n.text.empty()) continue;
      sort_marks(n.marks);
      if (!out.empty() && out.back().kind == NodeKind::Text && out.back().marks == n.marks) {
        out.back().text += n.text;
        continue;
      }
    }
    out.push_back(std::move(n));
  }
  inlines = std::move(out);
}

std::string text_content(const Node& node) {
  std::string out;
  if (node.kind == NodeKind::Raw) {
    append_raw_text(node.extra, out);
    return out;
  }
  out += node.text;
  for (const Node& child : node.content) out += text_content(child);
  return out;
}

}  // namespace twinsync::richtext
