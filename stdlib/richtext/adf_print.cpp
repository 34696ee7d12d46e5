// adf_print.cpp — the document model as ADF JSON, putting back every raw key the parser kept.
#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/palette.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

// Starts from what the parser could not interpret, so an ADF-born node prints back unchanged.
json base_of(const nlohmann::json& extra) { return extra.is_object() ? extra : json::object(); }

json print_mark(const Mark& m) {
  if (m.kind == MarkKind::Raw) return m.extra;
  json j = base_of(m.extra);
  j["type"] = adf_name(m.kind);
  json attrs = j.contains("attrs") ? j["attrs"] : json();
  switch (m.kind) {
    case MarkKind::Link:
      attrs["href"] = m.href;
      if (m.title) attrs["title"] = *m.title;
      break;
    case MarkKind::TextColor:
    case MarkKind::BackgroundColor: attrs["color"] = color_to_hex(m.value); break;
    case MarkKind::Subsup: attrs["type"] = m.value; break;
    default: break;
  }
  if (!attrs.is_null()) j["attrs"] = std::move(attrs);
  return j;
}

void put_attrs(const Node& n, json& attrs) {
  switch (n.kind) {
    case NodeKind::Heading: attrs["level"] = n.level; break;
    case NodeKind::OrderedList:
      if (n.order) attrs["order"] = *n.order;
      break;
    case NodeKind::CodeBlock:
      if (n.language) attrs["language"] = *n.language;
      break;
    case NodeKind::Panel: attrs["panelType"] = n.panel_type.empty() ? "info" : n.panel_type; break;
    case NodeKind::Expand:
    case NodeKind::NestedExpand:
      if (n.title) attrs["title"] = *n.title;
      break;
    case NodeKind::TaskItem: attrs["state"] = n.state; break;
    case NodeKind::Media:
      attrs["type"] = n.media_type;
      if (n.id) attrs["id"] = *n.id;
      if (n.url) attrs["url"] = *n.url;
      if (n.alt) attrs["alt"] = *n.alt;
      break;
    case NodeKind::Mention:
      attrs["id"] = n.id.value_or("");
      if (n.label) attrs["text"] = *n.label;
      break;
    case NodeKind::Emoji:
      attrs["shortName"] = n.short_name;
      if (n.id) attrs["id"] = *n.id;
      if (n.label) attrs["text"] = *n.label;
      break;
    case NodeKind::InlineCard:
      if (n.url) attrs["url"] = *n.url;
      break;
    case NodeKind::Status:
      attrs["text"] = n.label.value_or("");
      attrs["color"] = n.color;
      break;
    case NodeKind::Date: attrs["timestamp"] = n.timestamp; break;
    default: break;
  }
}

json print_node(const Node& n, int depth);

json print_children(const Node& n, int depth) {
  json out = json::array();
  // ADF panels have no title: show it the way a reader would see it, as a bold first line.
  if (n.kind == NodeKind::Panel && n.title && !n.title->empty()) {
    Node title = make_block(NodeKind::Paragraph, {make_text(*n.title, {make_mark(MarkKind::Strong)})});
    out.push_back(print_node(title, depth + 1));
  }
  if (depth < kMaxDepth) {
    for (const Node& child : n.content) out.push_back(print_node(child, depth + 1));
  }
  return out;
}

json print_node(const Node& n, int depth) {
  if (n.kind == NodeKind::Raw) return n.extra;
  json j = base_of(n.extra);
  j["type"] = adf_name(n.kind);
  json attrs = j.contains("attrs") ? j["attrs"] : json();
  put_attrs(n, attrs);
  if (!attrs.is_null()) j["attrs"] = std::move(attrs);
  if (n.kind == NodeKind::Text) j["text"] = n.text;
  if (!n.marks.empty() || n.keep_empty_marks) {
    json marks = json::array();
    for (const Mark& m : n.marks) marks.push_back(print_mark(m));
    j["marks"] = std::move(marks);
  }
  if (holds_content(n.kind)) {
    json content = print_children(n, depth);
    if (!content.empty() || n.keep_empty_content) j["content"] = std::move(content);
  }
  return j;
}

}  // namespace

json print_adf(const Node& node) { return print_node(node, 0); }

}  // namespace twinsync::richtext
