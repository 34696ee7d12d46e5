// richtext_bridge.h — the one place where the tracker converts rich text: it stores Jira wiki
// markup; REST v2 speaks wiki markup, REST v3 speaks ADF (richtext_bridge.cpp), renderedFields
// speaks HTML (wiki_html.cpp).
#pragma once

#include <string>
#include <string_view>

#include "compiler/support/result.h"
#include "runtime/tracker/model.h"

namespace twinsync::tracker {

Json wiki_to_adf(std::string_view wiki);
/// Fails (with a message for Jira's error body) when `adf` is not an ADF document.
Result<std::string> adf_to_wiki(const Json& adf);
std::string wiki_to_html(std::string_view wiki);

}  // namespace twinsync::tracker
