// search_history.h — WAS, WAS IN, WAS NOT (IN) and CHANGED answered from the tracker's
// changelog, with Jira's predicates (AFTER, BEFORE, ON, DURING, BY; FROM and TO on CHANGED).
#pragma once

#include "compiler/jql/jql_history.h"
#include "compiler/support/result.h"
#include "runtime/tracker/model.h"

namespace twinsync::tracker {

struct TrackerState;

/// Does the stored issue's history satisfy the clause? WAS: the field held a matching value at
/// some time, now included, within every predicate (BY: whoever set that value; the creator for
/// the value the issue was created with). CHANGED: one change of the field meets every
/// predicate. Values compare as JQL's `=` does for the current value (stdlib::jql_matches).
Result<bool> history_matches(TrackerState& s, const Issue& issue, const jql::HistoryQuery& q);

}  // namespace twinsync::tracker
