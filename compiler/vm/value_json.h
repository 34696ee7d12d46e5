// value_json.h — values to and from JSON: how replicas travel between nodes, how `twinsync eval`
// prints them, and how tests write them. Reading is directed by the expected type, so a date
// arrives as a date and a comment as a comment record.
#pragma once

#include <nlohmann/json.hpp>

#include "compiler/schema/types.h"
#include "compiler/support/result.h"
#include "compiler/vm/value.h"

namespace twinsync {

/// Records become objects keyed by field name (null fields left out); dates "2024-01-31";
/// date-times Jira's "2024-01-31T09:15:30.000+0000".
nlohmann::json value_to_json(const Value& v);

/// Reads `j` as a value of `type`; `any` infers (arrays -> lists, objects -> maps). Errors name
/// the JSON path ("/comments/2/created: expected a date-time").
Result<Value> value_from_json(const nlohmann::json& j, const Type* type, const std::string& path = "");

/// A replica (or issue) record from its JSON object.
Result<Value> issue_from_json(const nlohmann::json& j);

}  // namespace twinsync
