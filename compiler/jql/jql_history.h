// jql_history.h — Jira's history searches (jql_history.def): which fields keep a searchable
// history, which predicates WAS and CHANGED take, and the form in which a compiled history clause
// reaches the host that answers it (the embedded tracker, from its changelog).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/vm/value.h"

namespace twinsync::jql {

enum class HistoryWord {
#define HISTORY_FIELD(name, id)
#define HISTORY_PREDICATE(id, word, on_was, on_changed, values, meaning) id,
#include "compiler/jql/jql_history.def"
#undef HISTORY_PREDICATE
#undef HISTORY_FIELD
};

enum class HistoryValues { Date, Dates, Users, Value };

struct HistoryPredicateInfo {
  HistoryWord id;
  const char* word;
  bool on_was, on_changed;
  HistoryValues values;
  const char* meaning;
};

/// The predicate a word names (ignoring case), or null.
const HistoryPredicateInfo* find_history_predicate(std::string_view word);
const HistoryPredicateInfo& history_predicate_info(HistoryWord id);

/// The tracker's field id ("fixVersions") of a JQL field Jira searches the history of
/// ("fixVersion", any case); nullopt for every other field.
std::optional<std::string_view> history_field_id(std::string_view jql_name);
/// The JQL names of those fields, as Jira spells them in its error text.
std::string history_field_list();

/// A compiled WAS or CHANGED clause as the host receives it: every value already evaluated
/// (dates as datetimes, currentUser() as a user, membersOf() as a list, EMPTY as null).
struct HistoryQuery {
  bool changed = false;        // CHANGED; otherwise WAS (WAS NOT is the compiled negation)
  std::string field_id;        // the tracker's field id: "status", "fixVersions" …
  twinsync::Value values;                // WAS: one value, or a list meaning any of them
  struct Predicate {
    HistoryWord word;
    std::vector<twinsync::Value> values;  // DURING: two dates; BY: users (a list means any of them)
  };
  std::vector<Predicate> predicates;
};

/// Reads the arguments of the compiled call ($history: spec, values, predicates) back into a
/// query; nullopt when they are not what the compiler emits.
std::optional<HistoryQuery> history_query_from(const twinsync::Value& spec, const twinsync::Value& values,
                                               const twinsync::Value& predicates);

}  // namespace twinsync::jql
