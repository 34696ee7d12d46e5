// jql_fields.h — what a JQL field name means on an issue record.
#pragma once

#include <optional>
#include <string>

#include "compiler/check/checker.h"
#include "compiler/jql/jql_ast.h"

namespace twinsync::jql {

struct FieldRef {
  enum Kind { Slot, Custom, Text } kind = Slot;
  uint32_t slot = 0;         // Slot: the issue field
  std::string custom;        // Custom: the custom field's name
  const Type* type = nullptr;
  bool priority = false;     // ordered by rank, not by name
};

/// Resolves a JQL field (case-insensitive names, aliases such as issuetype/type, custom fields
/// by name or cf[id]); nullopt when unknown.
std::optional<FieldRef> resolve_field(const Field& field, const Schema& schema);
std::vector<std::string> standard_field_names();

/// The order of priority names (Lowest 1 … Highest 5; Trivial … Blocker), ignoring case;
/// nullopt for a name outside Jira's default schemes.
std::optional<int> priority_rank(std::string_view name);

}  // namespace twinsync::jql
