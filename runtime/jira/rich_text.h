// rich_text.h — the one place where the connector converts between Jira's two text forms:
// Atlassian Document Format (REST v3 bodies) and wiki markup (REST v2, and the internal model).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::jira {

/// An ADF document ({"type": "doc", …}) as Jira wiki markup.
Result<std::string> adf_to_wiki(const nlohmann::json& doc);

/// Wiki markup as an ADF document for a v3 write.
nlohmann::json wiki_to_adf(std::string_view wiki);

/// Is this JSON value an ADF document (an object with "type": "doc")?
bool is_adf_doc(const nlohmann::json& j);

}  // namespace twinsync::jira
