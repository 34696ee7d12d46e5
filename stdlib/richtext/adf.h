// adf.h — Atlassian Document Format (Jira Cloud REST v3) to and from the document model.
#pragma once

#include <nlohmann/json.hpp>

#include "stdlib/richtext/doc.h"
#include "stdlib/richtext/result.h"

namespace twinsync::richtext {

/// Reads an ADF document (a node of type "doc"). Node types, marks and attributes the model does
/// not know are kept as raw JSON, so print_adf(parse_adf(j).value()) == j for any j it accepts.
/// Malformed input (a node that is not an object, a type that is not a string, "content" that
/// is missing where ADF requires it or is not an array, a required attribute of the wrong
/// type, nesting deeper than kMaxDepth) gives an Error whose `where` is a JSON pointer to the
/// offending value. Never throws.
Result<Node> parse_adf(const nlohmann::json& adf);

/// Writes a node (normally a Doc) as ADF. Wiki-only details are dropped or rewritten in ADF's
/// terms (a panel title becomes a bold first paragraph, colour names become hex). Nodes deeper
/// than kMaxDepth are left out.
nlohmann::json print_adf(const Node& node);

}  // namespace twinsync::richtext
