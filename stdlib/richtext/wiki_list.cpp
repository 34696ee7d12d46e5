// wiki_list.cpp — "*", "#" and "-" list lines into nested bullet and ordered lists.
#include "stdlib/richtext/wiki_block.h"

namespace twinsync::richtext::wiki {
namespace {

// One source line's item, before nesting: its marker and its parts in order — runs of text
// (continuation lines joined by newlines) and block macros that followed it.
struct Part {
  std::string text;
  std::vector<Node> blocks;
  bool is_block = false;
};
struct FlatItem {
  std::string marker;
  std::vector<Part> parts;
};

bool ordered(char marker) { return marker == '#'; }

std::vector<Node> item_blocks(std::vector<Part>& parts) {
  std::vector<Node> blocks;
  for (Part& p : parts) {
    if (p.is_block) {
      for (Node& b : p.blocks) blocks.push_back(std::move(b));
    } else {
      for (Node& b : inline_blocks(p.text)) blocks.push_back(std::move(b));
    }
  }
  if (blocks.empty()) blocks.push_back(make_block(NodeKind::Paragraph));
  return blocks;
}

// Items whose marker is longer than `level` + 1 nest under the item before them; the first item
// of a deeper level with no item before it gets an item without a paragraph of its own.
Node build_list(std::vector<FlatItem>& items, size_t& i, size_t level) {
  const bool is_ordered = ordered(items[i].marker[level]);
  Node list = make_block(is_ordered ? NodeKind::OrderedList : NodeKind::BulletList);
  while (i < items.size() && items[i].marker.size() > level && ordered(items[i].marker[level]) == is_ordered) {
    Node item = make_block(NodeKind::ListItem);
    if (items[i].marker.size() == level + 1) item.content = item_blocks(items[i++].parts);
    while (i < items.size() && items[i].marker.size() > level + 1) {
      item.content.push_back(build_list(items, i, level + 1));
    }
    list.content.push_back(std::move(item));
  }
  return list;
}

}  // namespace

// Text lines after an item continue it; {code}, {noformat}, {quote} and {panel} after an item
// belong to it; a blank line or any other block ends the list.
void BlockParser::list(std::vector<Node>& out) {
  // Each level costs two nodes (list, item); an item's content and a macro's body need four more.
  const size_t max_level = static_cast<size_t>(std::max(1, (kMaxDepth - depth_ - 4) / 2));
  std::vector<FlatItem> items;
  while (!at_end()) {
    const std::string_view l = line();
    const LineStart ls = classify_line(l);
    if (ls.kind == LineKind::ListItem) {
      std::string marker(ls.marker.substr(0, max_level));
      items.push_back({std::move(marker), {Part{std::string(trim(l.substr(ls.content))), {}, false}}});
      next_line();
      continue;
    }
    if (items.empty() || ls.kind == LineKind::Blank) break;
    // A quote in a quote (or panel in a panel) would only be its content: here, text.
    const bool nests = (ls.kind == LineKind::QuoteMacro && nesting_.in_quote) ||
                       (ls.kind == LineKind::PanelMacro && nesting_.in_panel);
    if (!nests && (ls.kind == LineKind::CodeMacro || ls.kind == LineKind::NoformatMacro ||
                   ls.kind == LineKind::QuoteMacro || ls.kind == LineKind::PanelMacro)) {
      const int depth = depth_ + 2 * static_cast<int>(items.back().marker.size());
      std::vector<Node> blocks;
      if (macro(ls, depth, blocks)) {
        items.back().parts.push_back({std::string(), std::move(blocks), true});
        if (classify_line(line()).kind == LineKind::Blank) next_line();  // the closing tag's line
        continue;
      }
    } else if (ls.kind != LineKind::Text) {
      break;
    }
    std::vector<Part>& parts = items.back().parts;
    if (parts.back().is_block) {
      parts.push_back({std::string(trim(l)), {}, false});
    } else {
      parts.back().text += '\n';
      parts.back().text += trim(l);
    }
    next_line();
  }
  size_t i = 0;
  while (i < items.size()) out.push_back(build_list(items, i, 0));
}

}  // namespace twinsync::richtext::wiki
