// jql_lookups.h — JQL functions answered from the tracker's data (jql_lookups.def): their ids,
// names and arities, and which of them a query uses.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/jql/jql_ast.h"

namespace twinsync::jql {

enum class Lookup {
#define LOOKUP(id, name, min, max, meaning) id,
#include "compiler/jql/jql_lookups.def"
#undef LOOKUP
};

struct LookupInfo {
  Lookup id;
  const char* name;
  int min_args, max_args;
  const char* meaning;
};

/// The lookup a function name means (ignoring case, as Jira does), or nullopt.
const LookupInfo* find_lookup(std::string_view name);
const LookupInfo& lookup_info(Lookup id);
const std::vector<LookupInfo>& all_lookups();

/// The lookups a query calls, each as written once: "membersOf(qa-team)".
std::vector<std::string> lookups_of(const Query& query);

/// Whether Jira knows this field or function and only the tracker can evaluate it
/// (jql_tracker_only.def); names ignore case.
bool tracker_only_field(std::string_view name);
bool tracker_only_function(std::string_view name);

}  // namespace twinsync::jql
