// wiki_print.h — the block side of the wiki printer, shared by wiki_print.cpp (blocks) and
// wiki_print_flow.cpp (lists and one-line flows such as table cells). Internal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext::wiki {

/// Where a block is printed: {quote} and {panel} cannot nest in themselves, so inside one the
/// inner one's content is printed without its tags.
struct Context {
  int depth = 1;
  bool in_quote = false;
  bool in_panel = false;
};

/// Blocks separated by blank lines; blocks that print as nothing are left out.
std::string print_blocks(const std::vector<Node>& blocks, Context ctx);
std::string print_block(const Node& block, Context ctx);

/// A list's lines, each item's marker being `prefix` plus its own '*' or '#'.
std::string print_list(const Node& list, const std::string& prefix, Context ctx);

/// Blocks on one line (table cells): paragraphs joined by \\ and images by a space; what cannot
/// be written on one line is flattened to its text.
std::string print_flow(const std::vector<Node>& blocks, int depth);

std::string print_code(const Node& code);
std::string print_media(const Node& media_single);

}  // namespace twinsync::richtext::wiki
