// richtext_bridge.cpp — the tracker's rich-text conversions through stdlib/richtext: the store
// keeps Jira wiki markup, REST v2 speaks it, REST v3 speaks ADF (converted both ways through the
// one document model the connector uses, so marks, lists, tables and mentions survive).
#include "runtime/tracker/richtext_bridge.h"

#include "stdlib/richtext/richtext.h"

namespace twinsync::tracker {

Json wiki_to_adf(std::string_view wiki) { return richtext::wiki_to_adf(wiki); }

Result<std::string> adf_to_wiki(const Json& adf) {
  // Jira Cloud's wording when the value is not a document at all.
  if (!adf.is_object() || !adf.contains("type") || adf["type"] != "doc") {
    return make_error("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
  }
  auto wiki = richtext::adf_to_wiki(adf);
  if (!wiki.ok()) {
    return make_error("Operation value must be an Atlassian Document (see the Atlassian Document Format): " +
                      wiki.error().message());
  }
  return std::move(wiki.value());
}

}  // namespace twinsync::tracker
