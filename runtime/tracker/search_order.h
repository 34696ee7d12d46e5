// search_order.h — ORDER BY for the tracker's search: sort keys resolved against the issue
// record, compared the way Jira sorts (keys by project then number, priorities, statuses, types
// and resolutions by their place in the tracker's lists, empty values last when ascending).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/check/checker.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/jql/jql_ast.h"
#include "compiler/vm/value.h"
#include "runtime/tracker/catalog.h"

namespace twinsync::tracker {

struct OrderKey {
  enum Kind { Plain, IssueKey, NumericId, Ranked } kind = Plain;
  std::uint32_t slot = 0;      // issue record slot (the custom map for custom fields)
  std::string custom;          // custom field name; empty for a standard field
  std::vector<std::string> ranks;  // Ranked: names in ascending order
  bool descending = false;
};

/// The query's ORDER BY keys; a field that cannot be sorted by is reported to `sink`.
std::vector<OrderKey> resolve_order(const jql::Query& query, const Schema& schema, const Catalog& cat,
                                    DiagnosticSink& sink);

/// Strict weak order of two issue records under `keys`; Jira's default (created DESC) when
/// `keys` is empty. Ties fall back to the issue id, newest first by default.
bool record_before(const std::vector<OrderKey>& keys, const Value& a, const Value& b);

}  // namespace twinsync::tracker
