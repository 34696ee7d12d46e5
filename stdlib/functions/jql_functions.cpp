// jql_functions.cpp — the $-functions compiled JQL filters call: Jira's matching rules
// (case-insensitive, lists match on any item, users by any identity, priorities by rank).
#include <date/date.h>

#include <chrono>

#include "compiler/jql/jql_fields.h"
#include "compiler/jql/jql_history.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/vm.h"
#include "compiler/vm/vm_ops.h"
#include "stdlib/functions/jql_match.h"
#include "stdlib/functions/registry.h"
#include "stdlib/text/text.h"

namespace twinsync::stdlib {
namespace {

bool text_equal(std::string_view a, std::string_view b) { return text::equals_ignore_case(a, b); }

// One field value against one operand value.
bool match_one(const Value& field, const Value& want) {
  if (field.is_null() || want.is_null()) return field.is_null() && want.is_null();
  if (field.is_list()) {
    for (const Value& item : field.as_list()) {
      if (match_one(item, want)) return true;
    }
    return false;
  }
  if (field.is_record() && want.is_record()) return match_one(field, Value::string(to_display_text(want))) ||
                                                    field == want;
  if (field.is_record() && want.is_string()) {
    for (uint32_t i = 0; i < field.shape().size(); ++i) {
      const Value& v = field.field(i);
      if (v.is_string() && text_equal(v.as_string(), want.as_string())) return true;
    }
    return false;
  }
  if (field.is_string() && want.is_string()) return text_equal(field.as_string(), want.as_string());
  if (field.is_number() && want.is_string()) return to_display_text(field) == want.as_string();
  if (field.tag() == Tag::Date || field.tag() == Tag::DateTime) {
    auto c = vmops::compare(field, want);
    return c && *c == 0;
  }
  return field == want;
}

bool jql_match(NativeCall& c) { return ok(c, Value::boolean(jql_matches(c.args[0], c.args[1]))); }

bool is_empty(const Value& v) {
  return v.is_null() || (v.is_string() && v.as_string().empty()) || (v.is_list() && v.as_list().empty()) ||
         (v.is_map() && v.map_entries().empty());
}

// != and NOT IN never match an empty field, as in Jira.
bool jql_differs(NativeCall& c) {
  return ok(c, Value::boolean(!is_empty(c.args[0]) && !jql_matches(c.args[0], c.args[1])));
}

bool jql_rank(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  auto rank = jql::priority_rank(c.args[0].as_string());
  return ok(c, rank ? Value::number(*rank) : Value());
}

// Does `word` occur (ignoring case) in a text, an item of a list, or a comment's body?
bool occurs(const Value& v, std::string_view word) {
  if (v.is_string()) return text::contains_ignore_case(v.as_string(), word);
  if (v.is_list()) {
    for (const Value& item : v.as_list()) {
      if (occurs(item, word)) return true;
    }
    return false;
  }
  if (v.is_record() && &v.shape() == &comment_shape()) return occurs(v.field(slot(CommentSlot::Body)), word);
  return false;
}

bool jql_contains(NativeCall& c) {
  if (!c.args[1].is_string()) return ok(c, Value::boolean(false));
  // Jira's ~ is a word search: every word of the query must occur somewhere.
  std::string_view query = c.args[1].as_string();
  while (!query.empty()) {
    const size_t space = query.find(' ');
    std::string_view word = query.substr(0, space);
    query = space == std::string_view::npos ? std::string_view() : query.substr(space + 1);
    // An exact phrase is written in inner quotes (summary ~ "\"full screen\""): its words.
    while (!word.empty() && word.front() == '"') word.remove_prefix(1);
    while (!word.empty() && word.back() == '"') word.remove_suffix(1);
    while (!word.empty() && (word.back() == '*' || word.back() == '?')) word.remove_suffix(1);  // wildcards: prefix
    if (!word.empty() && !occurs(c.args[0], word)) return ok(c, Value::boolean(false));
  }
  return ok(c, Value::boolean(true));
}

bool jql_empty(NativeCall& c) { return ok(c, Value::boolean(is_empty(c.args[0]))); }

bool jql_now_plus(NativeCall& c) {
  const double offset = c.args[0].is_number() ? c.args[0].as_number() : 0;
  return ok(c, Value::datetime(c.host.now_ms() + static_cast<int64_t>(offset)));
}

// Start (or end) of the day/week/month/year that contains now, shifted by n of those units.
int64_t period_bound(int64_t now, std::string_view unit, int64_t shift, bool end) {
  using namespace date;
  const sys_days today = floor<days>(sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{now}});
  sys_days start = today, next = today;
  if (unit == "day") {
    start = today + days{shift};
    next = start + days{1};
  } else if (unit == "week") {
    // Jira's weeks start on Sunday.
    const weekday wd{today};
    start = today - days{wd.c_encoding()} + days{7 * shift};
    next = start + days{7};
  } else {
    const year_month_day ymd{today};
    year_month_day first = unit == "month" ? year_month_day{ymd.year() / ymd.month() / 1} + months{shift}
                                           : year_month_day{ymd.year() / January / 1} + years{shift};
    start = sys_days{first};
    next = sys_days{unit == "month" ? first + months{1} : first + years{1}};
  }
  // Days count in an int: widen before scaling to milliseconds.
  const int64_t ms = static_cast<int64_t>((end ? next : start).time_since_epoch().count()) * 86'400'000;
  return end ? ms - 1 : ms;
}

template <bool End>
bool jql_bound(NativeCall& c) {
  const std::string_view unit = c.args[0].is_string() ? c.args[0].as_string() : "day";
  const auto shift = static_cast<int64_t>(c.args[1].is_number() ? c.args[1].as_number() : 0);
  return ok(c, Value::datetime(period_bound(c.host.now_ms(), unit, shift, End)));
}

// A date-time moved by n units of a JQL increment ("+14d" after startOfMonth): months and years
// by the calendar (the day clamped to the month's last), the others by their length.
int64_t shifted(int64_t at, std::string_view unit, int64_t n) {
  using namespace date;
  constexpr int64_t kMinute = 60'000;
  if (unit == "m") return at + n * kMinute;
  if (unit == "h") return at + n * 60 * kMinute;
  if (unit == "d") return at + n * 24 * 60 * kMinute;
  if (unit == "w") return at + n * 7 * 24 * 60 * kMinute;
  const sys_time<std::chrono::milliseconds> t{std::chrono::milliseconds{at}};
  const sys_days day = floor<days>(t);
  year_month_day ymd{day};
  ymd = unit == "y" ? ymd + years{n} : ymd + months{n};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / last;
  return (sys_days{ymd} + (t - day)).time_since_epoch().count();
}

bool jql_shift(NativeCall& c) {
  if (c.args[0].tag() != Tag::DateTime || !c.args[1].is_string() || !c.args[2].is_number()) return ok(c, Value());
  const auto n = static_cast<int64_t>(c.args[2].as_number());
  return ok(c, Value::datetime(shifted(c.args[0].as_datetime(), c.args[1].as_string(), n)));
}

bool jql_current_user(NativeCall& c) { return ok(c, c.host.current_user()); }

// A clause only the tracker can judge (WAS, votes …): asked as `key = K AND (clause)`.
bool jql_ask_tracker(NativeCall& c) {
  if (!c.args[1].is_string()) return fail(c, "$askTracker: bad arguments");
  auto found = c.host.jql_ask_tracker(c.args[0], c.args[1].as_string());
  if (!found) return fail(c, found.error().message);
  return ok(c, Value::boolean(*found));
}

// WAS / CHANGED: the compiled clause (spec, values, predicates) read back and asked of the host,
// which alone keeps the history.
bool jql_history(NativeCall& c) {
  auto query = jql::history_query_from(c.args[1], c.args[2], c.args[3]);
  if (!query) return fail(c, "$history: bad arguments");
  auto found = c.host.jql_history(c.args[0], *query);
  if (!found) return fail(c, found.error().message);
  return ok(c, Value::boolean(*found));
}

// membersOf(), releasedVersions(), linkedIssues() …: the host asks its tracker (and caches). A
// tracker that cannot answer now fails the run, so the change is retried rather than skipped.
bool jql_lookup(NativeCall& c) {
  if (!c.args[0].is_string() || !c.args[1].is_list()) return fail(c, "$lookup: bad arguments");
  std::vector<std::string> args;
  for (const Value& a : c.args[1].as_list()) args.push_back(a.is_string() ? std::string(a.as_string()) : std::string());
  auto answer = c.host.jql_lookup(c.args[0].as_string(), args);
  if (!answer) return fail(c, answer.error().message);
  return ok(c, std::move(*answer));
}

// The fields `text ~` searches, as one list that $contains looks through.
bool jql_text(NativeCall& c) {
  const Value& issue = c.args[0];
  if (!issue.is_record() || &issue.shape() != &issue_shape()) return ok(c, Value());
  std::vector<Value> parts;
  for (IssueSlot s : {IssueSlot::Summary, IssueSlot::Description, IssueSlot::Environment, IssueSlot::Comments}) {
    parts.push_back(issue.field(slot(s)));
  }
  return ok(c, Value::list(std::move(parts)));
}

}  // namespace

bool jql_matches(const Value& field, const Value& want) {
  if (want.is_list()) {  // IN (…): any of them
    for (const Value& w : want.as_list()) {
      if (match_one(field, w)) return true;
    }
    return false;
  }
  return match_one(field, want);
}

void add_jql_functions(Table& t) {
  put(t, BuiltinId::JqlMatch, jql_match);
  put(t, BuiltinId::JqlDiffers, jql_differs);
  put(t, BuiltinId::JqlRank, jql_rank);
  put(t, BuiltinId::JqlContains, jql_contains);
  put(t, BuiltinId::JqlEmpty, jql_empty);
  put(t, BuiltinId::JqlNowPlus, jql_now_plus);
  put(t, BuiltinId::JqlStartOf, jql_bound<false>);
  put(t, BuiltinId::JqlEndOf, jql_bound<true>);
  put(t, BuiltinId::JqlShift, jql_shift);
  put(t, BuiltinId::JqlCurrentUser, jql_current_user);
  put(t, BuiltinId::JqlText, jql_text);
  put(t, BuiltinId::JqlLookup, jql_lookup);
  put(t, BuiltinId::JqlAskTracker, jql_ask_tracker);
  put(t, BuiltinId::JqlHistory, jql_history);
}

}  // namespace twinsync::stdlib
