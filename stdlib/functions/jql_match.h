// jql_match.h — JQL's `=` between a field value and an operand (case-insensitive names, a list
// field on any item, users by any identity), for code outside the VM that must agree with it:
// the embedded tracker judging a past value in a WAS or CHANGED clause.
#pragma once

#include "compiler/vm/value.h"

namespace twinsync::stdlib {

/// Does `field` (a value, a list, a user record, or null for EMPTY) match `want`? A list `want`
/// means any of its items, as in IN (…).
bool jql_matches(const Value& field, const Value& want);

}  // namespace twinsync::stdlib
