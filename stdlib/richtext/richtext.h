// richtext.h — the conversions rules and connectors call: ADF <-> Jira wiki markup, and either
// to plain text. Wiki markup is twinsync's canonical text for descriptions and comments.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "stdlib/richtext/result.h"

namespace twinsync::richtext {

/// ADF (Jira Cloud) to wiki markup; an Error (with a JSON pointer) when the ADF is malformed.
Result<std::string> adf_to_wiki(const nlohmann::json& adf);
/// Wiki markup to an ADF document; any text gives a document.
nlohmann::json wiki_to_adf(std::string_view wiki);
std::string wiki_to_plain(std::string_view wiki);
Result<std::string> adf_to_plain(const nlohmann::json& adf);

}  // namespace twinsync::richtext
