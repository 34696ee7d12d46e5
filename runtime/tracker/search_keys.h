// search_keys.h — the issues a query can match at most, when it names them by key: what lets the
// tracker answer `key in (…)` and `key = K AND …` (the connector's group reads, a trigger's
// fallback) by reading those issues instead of evaluating every issue of the store, as Jira's
// index does. The predicate still decides; this only narrows what it is run on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/jql/jql_ast.h"

namespace twinsync::tracker {

/// The keys (upper case, without repeats) outside which `query` matches no issue; nullopt when
/// it does not restrict the key (any issue may match).
std::optional<std::vector<std::string>> keys_named(const jql::Query& query);

}  // namespace twinsync::tracker
