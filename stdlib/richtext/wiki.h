// wiki.h — Jira wiki markup (Jira Data Center, REST v2) to and from the document model.
#pragma once

#include <string>
#include <string_view>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext {

/// Reads Jira wiki markup into a Doc. Any input gives a document: unknown macros and markup
/// that does not close stay as text, an unterminated {code} or {quote} runs to the end, and
/// nesting deeper than kMaxDepth allows is flattened. Never throws (short of running out of
/// memory). docs/richtext.md lists the syntax it understands.
Node parse_wiki(std::string_view wiki);

/// Writes a node (normally a Doc) as wiki markup that parse_wiki reads back to the same model
/// when the model only uses what wiki can express; the rest is approximated (see
/// docs/richtext.md). Nodes deeper than kMaxDepth are left out.
std::string print_wiki(const Node& node);

}  // namespace twinsync::richtext
