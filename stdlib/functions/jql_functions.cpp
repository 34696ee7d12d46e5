// jql_functions.cpp — the $-functions compiled JQL filters call: Jira's matching rules
// (case-insensitive, lists match on any item, users by any identity, priorities by rank).
#include <date/date.h>

#include <chrono>

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/vm.h"
#include "compiler/vm/vm_ops.h"
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

bool jql_match(NativeCall& c) {
  const Value& field = c.args[0];
  const Value& want = c.args[1];
  if (want.is_list()) {  // IN (…): any of them
    for (const Value& w : want.as_list()) {
      if (match_one(field, w)) return ok(c, Value::boolean(true));
    }
    return ok(c, Value::boolean(false));
  }
  return ok(c, Value::boolean(match_one(field, want)));
}

bool jql_compare(NativeCall& c) {
  Value a = c.args[0], b = c.args[1];
  if (a.is_number() && b.is_string()) b = Value::number(std::strtod(std::string(b.as_string()).c_str(), nullptr));
  auto r = vmops::compare(a, b);
  return ok(c, r ? Value::number(*r) : Value());
}

bool jql_rank(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  const std::string_view p = c.args[0].as_string();
  // Jira Cloud's default scheme and Data Center's older one.
  static const std::pair<std::string_view, int> kRanks[] = {
      {"lowest", 1}, {"trivial", 1}, {"low", 2}, {"minor", 2}, {"medium", 3}, {"major", 3},
      {"high", 4},   {"critical", 4}, {"highest", 5}, {"blocker", 5}};
  for (const auto& [name, rank] : kRanks) {
    if (text::equals_ignore_case(p, name)) return ok(c, Value::number(rank));
  }
  return ok(c, Value());
}

// The texts a ~ search looks in: a text, the items of a list, the bodies of comments.
void collect_text(const Value& v, std::vector<std::string_view>& out) {
  if (v.is_string()) {
    out.push_back(v.as_string());
  } else if (v.is_list()) {
    for (const Value& item : v.as_list()) collect_text(item, out);
  } else if (v.is_record() && &v.shape() == &comment_shape()) {
    collect_text(v.field(slot(CommentSlot::Body)), out);
  }
}

bool jql_contains(NativeCall& c) {
  if (!c.args[1].is_string()) return ok(c, Value::boolean(false));
  std::vector<std::string_view> texts;
  collect_text(c.args[0], texts);
  // Jira's ~ is a word search: every word of the query must occur somewhere.
  std::string_view query = c.args[1].as_string();
  while (!query.empty()) {
    const size_t space = query.find(' ');
    std::string_view word = query.substr(0, space);
    query = space == std::string_view::npos ? std::string_view() : query.substr(space + 1);
    while (!word.empty() && (word.back() == '*' || word.back() == '?')) word.remove_suffix(1);  // wildcards: prefix
    if (word.empty()) continue;
    bool found = false;
    for (std::string_view t : texts) {
      if (text::contains_ignore_case(t, word)) {
        found = true;
        break;
      }
    }
    if (!found) return ok(c, Value::boolean(false));
  }
  return ok(c, Value::boolean(true));
}

bool jql_empty(NativeCall& c) {
  const Value& v = c.args[0];
  const bool empty = v.is_null() || (v.is_string() && v.as_string().empty()) || (v.is_list() && v.as_list().empty()) ||
                     (v.is_map() && v.map_entries().empty());
  return ok(c, Value::boolean(empty));
}

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
  const int64_t ms = (end ? next : start).time_since_epoch().count() * 86400000;
  return end ? ms - 1 : ms;
}

template <bool End>
bool jql_bound(NativeCall& c) {
  const std::string_view unit = c.args[0].is_string() ? c.args[0].as_string() : "day";
  const auto shift = static_cast<int64_t>(c.args[1].is_number() ? c.args[1].as_number() : 0);
  return ok(c, Value::datetime(period_bound(c.host.now_ms(), unit, shift, End)));
}

bool jql_current_user(NativeCall& c) { return ok(c, c.host.current_user()); }

bool jql_text(NativeCall& c) {
  const Value& issue = c.args[0];
  if (!issue.is_record() || &issue.shape() != &issue_shape()) return ok(c, Value());
  std::vector<std::string_view> texts;
  for (IssueSlot s : {IssueSlot::Summary, IssueSlot::Description, IssueSlot::Environment, IssueSlot::Comments}) {
    collect_text(issue.field(slot(s)), texts);
  }
  std::string all;
  for (std::string_view t : texts) all.append(t).push_back('\n');
  return ok(c, Value::string(all));
}

}  // namespace

void add_jql_functions(Table& t) {
  put(t, BuiltinId::JqlMatch, jql_match);
  put(t, BuiltinId::JqlCompare, jql_compare);
  put(t, BuiltinId::JqlRank, jql_rank);
  put(t, BuiltinId::JqlContains, jql_contains);
  put(t, BuiltinId::JqlEmpty, jql_empty);
  put(t, BuiltinId::JqlNowPlus, jql_now_plus);
  put(t, BuiltinId::JqlStartOf, jql_bound<false>);
  put(t, BuiltinId::JqlEndOf, jql_bound<true>);
  put(t, BuiltinId::JqlCurrentUser, jql_current_user);
  put(t, BuiltinId::JqlText, jql_text);
}

}  // namespace twinsync::stdlib
