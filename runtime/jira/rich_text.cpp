// rich_text.cpp — the connector's ADF <-> wiki conversions, through stdlib/richtext's document
// model (marks, lists, tables, panels, mentions survive; docs/richtext.md lists what is lossy).
#include "runtime/jira/rich_text.h"

#include "stdlib/richtext/richtext.h"

namespace twinsync::jira {

bool is_adf_doc(const nlohmann::json& j) {
  if (!j.is_object()) return false;
  auto t = j.find("type");
  return t != j.end() && *t == "doc";
}

Result<std::string> adf_to_wiki(const nlohmann::json& doc) {
  if (!is_adf_doc(doc)) return make_error("expected an ADF document ({\"type\": \"doc\"})", ErrorKind::BadAdf);
  auto wiki = richtext::adf_to_wiki(doc);
  if (!wiki.ok()) return make_error("bad ADF document: " + wiki.error().message(), ErrorKind::BadAdf);
  return std::move(wiki.value());
}

nlohmann::json wiki_to_adf(std::string_view wiki) { return richtext::wiki_to_adf(wiki); }

}  // namespace twinsync::jira
