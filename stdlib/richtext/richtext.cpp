// richtext.cpp — the convenience conversions, each a parse into the model and a print out of it.
#include "stdlib/richtext/richtext.h"

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/plain.h"
#include "stdlib/richtext/wiki.h"

namespace twinsync::richtext {

Result<std::string> adf_to_wiki(const nlohmann::json& adf) {
  auto doc = parse_adf(adf);
  if (!doc) return doc.error();
  return print_wiki(doc.value());
}

nlohmann::json wiki_to_adf(std::string_view wiki) { return print_adf(parse_wiki(wiki)); }

std::string wiki_to_plain(std::string_view wiki) { return plain_text(parse_wiki(wiki)); }

Result<std::string> adf_to_plain(const nlohmann::json& adf) {
  auto doc = parse_adf(adf);
  if (!doc) return doc.error();
  return plain_text(doc.value());
}

}  // namespace twinsync::richtext
