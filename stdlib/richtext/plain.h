// plain.h — the plain text of a document: what a reader sees, without markup.
#pragma once

#include <string>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext {

/// Blocks are separated by blank lines; list items are lines starting "- " (ordered ones
/// "1. ", "2. " …), indented two spaces per level; task items "[x] " or "[ ] "; table rows are
/// lines of tab-separated cells; quotes are "> " lines; a hard break is a newline. Mentions
/// read "@Name", links "text (url)" when the text is not the url, images their file name or
/// url, dates YYYY-MM-DD. Nodes deeper than kMaxDepth are left out.
std::string plain_text(const Node& node);

}  // namespace twinsync::richtext
