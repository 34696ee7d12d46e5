// wiki_table.cpp — "||header||" and "|cell|" rows into a table.
#include "stdlib/richtext/wiki_block.h"

namespace twinsync::richtext::wiki {
namespace {

// A row whose last cell is not closed by '|' continues on the following text lines.
bool row_closed(std::string_view row) {
  if (row.empty() || row.back() != '|') return false;
  size_t slashes = 0;
  for (size_t i = row.size() - 1; i-- > 0 && row[i] == '\\';) ++slashes;
  return slashes % 2 == 0;
}

Node parse_row(std::string_view row) {
  Node tr = make_block(NodeKind::TableRow);
  size_t i = 0;
  while (i < row.size()) {
    const bool header = row.substr(i, 2) == "||";
    i += header ? 2 : 1;
    const size_t start = i;
    while (i < row.size() && row[i] != '|') {
      const size_t end = inline_span_end(row, i);
      i = end > i ? end : i + 1;
    }
    const std::string_view src = trim(row.substr(start, i - start));
    if (i >= row.size() && src.empty()) break;  // the closing bar of the row
    std::vector<Node> blocks = inline_blocks(src);
    if (blocks.empty()) blocks.push_back(make_block(NodeKind::Paragraph));
    tr.content.push_back(make_block(header ? NodeKind::TableHeader : NodeKind::TableCell, std::move(blocks)));
  }
  return tr;
}

}  // namespace

// Rows without a cell ("|" alone) are dropped; a table of only such rows is text.
void BlockParser::table(std::vector<Node>& out) {
  Node table = make_block(NodeKind::Table);
  std::string source;
  while (!at_end()) {
    const LineStart ls = classify_line(line());
    if (ls.kind != LineKind::TableRow) break;
    std::string row(trim(line()));
    next_line();
    while (!at_end() && !row_closed(row) && classify_line(line()).kind == LineKind::Text) {
      row += '\n';
      row += trim(line());
      next_line();
    }
    source += (source.empty() ? "" : "\n") + row;
    Node tr = parse_row(row);
    if (!tr.content.empty()) table.content.push_back(std::move(tr));
  }
  if (!table.content.empty()) {
    out.push_back(std::move(table));
  } else {
    for (Node& b : inline_blocks(source)) out.push_back(std::move(b));
  }
}

}  // namespace twinsync::richtext::wiki
