// wiki_block.h — the line-oriented block parser for wiki markup (paragraphs, headings, macros,
// lists, tables). Internal; its parts live in wiki_block.cpp, wiki_macro.cpp, wiki_list.cpp
// and wiki_table.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "stdlib/richtext/doc.h"
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {

class BlockParser {
 public:
  /// `depth` is the model depth of the blocks this parser makes (the doc's children are at 1).
  BlockParser(std::string_view src, int depth) : src_(src), depth_(depth) {}
  std::vector<Node> parse();

 private:
  std::string_view line() const;
  void next_line();
  bool at_end() const { return pos_ >= src_.size(); }
  // Whether a block at `depth` may have `height` levels below it within kMaxDepth.
  static bool room(int depth, int height) { return depth + height <= kMaxDepth; }

  void block(std::vector<Node>& out);
  void paragraph(std::vector<Node>& out);
  void heading(const LineStart& ls, std::vector<Node>& out);
  void quote_line(const LineStart& ls, std::vector<Node>& out);

  // wiki_macro.cpp: {code}, {noformat}, {quote}, {panel} starting on the current line; the
  // block is made at `depth`. pos_ ends just after the closing tag.
  Node macro(const LineStart& ls, int depth);
  Node code_macro(const LineStart& ls, bool noformat);
  Node container_macro(const LineStart& ls, int depth, bool panel);

  void list(std::vector<Node>& out);   // wiki_list.cpp
  void table(std::vector<Node>& out);  // wiki_table.cpp

  std::string_view src_;
  size_t pos_ = 0;
  int depth_;
};

/// Blocks for the text of one paragraph-like run: its images lifted out; nothing when empty.
std::vector<Node> inline_blocks(std::string_view text);

}  // namespace twinsync::richtext::wiki
