// wiki_block.h — the line-oriented block parser for wiki markup (paragraphs, headings, macros,
// lists, tables). Internal; its parts live in wiki_block.cpp, wiki_macro.cpp, wiki_list.cpp
// and wiki_table.cpp.
#pragma once

#include <string_view>
#include <vector>

#include "stdlib/richtext/doc.h"
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {

/// The containers around a parser's text. Wiki cannot write a quote inside a quote or a panel
/// inside a panel (the first closing tag would end the outer one), so such an inner one is
/// replaced by its content.
struct Nesting {
  bool in_quote = false;
  bool in_panel = false;
};

class BlockParser {
 public:
  /// `depth` is the model depth of the blocks this parser makes (the doc's children are at 1).
  BlockParser(std::string_view src, int depth, Nesting nesting = {})
      : src_(src), depth_(depth), nesting_(nesting) {}
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

  // wiki_macro.cpp: {code}, {noformat}, {quote}, {panel} starting on the current line, made at
  // `depth` and appended to `out`; pos_ ends just after the closing tag. False (and nothing
  // consumed) when the opening tag does not close on its line.
  bool macro(const LineStart& ls, int depth, std::vector<Node>& out);
  bool code_macro(const LineStart& ls, bool noformat, std::vector<Node>& out);
  bool container_macro(const LineStart& ls, int depth, bool panel, std::vector<Node>& out);

  void list(std::vector<Node>& out);   // wiki_list.cpp
  void table(std::vector<Node>& out);  // wiki_table.cpp

  std::string_view src_;
  size_t pos_ = 0;
  int depth_;
  Nesting nesting_;
};

/// Blocks for the text of one paragraph-like run: its images lifted out; nothing when empty.
std::vector<Node> inline_blocks(std::string_view text);

}  // namespace twinsync::richtext::wiki
