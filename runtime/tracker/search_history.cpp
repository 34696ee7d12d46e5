// search_history.cpp — the issue's changelog as stretches of time a value was held (WAS) and as
// changes (CHANGED), and Jira's history predicates over them. The changelog records ids (status,
// priority, resolution and version ids, users' account ids); names come from the catalog now,
// so a renamed status is found by its present name, as Jira finds it.
#include "runtime/tracker/search_history.h"

#include <climits>
#include <cstdlib>
#include <map>
#include <set>

#include "runtime/tracker/search_lookups.h"
#include "runtime/tracker/state.h"
#include "stdlib/functions/jql_match.h"

namespace twinsync::tracker {
namespace {

constexpr std::int64_t kDay = 86'400'000;
constexpr std::int64_t kForever = LLONG_MAX;

using Ids = std::set<std::string>;  // "" never appears: an empty field is an empty set

std::string id_text(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
  return {};
}

Ids stored_ids(const Json& stored) {
  Ids out;
  if (stored.is_array()) {
    for (const Json& e : stored) {
      if (std::string id = id_text(e); !id.empty()) out.insert(id);
    }
  } else if (std::string id = id_text(stored); !id.empty()) {
    out.insert(id);
  }
  return out;
}

// One change of the field: what left and what arrived (a version field adds or removes one).
struct Change {
  std::string from, to;
  std::int64_t at = 0;
  std::string author;
};

// A value held over [since, until); id "" is the field being empty.
struct Stretch {
  std::string id;
  std::int64_t since = 0, until = kForever;
  std::string setter;
};

using Changes = std::vector<std::vector<Change>>;  // one group per changelog entry, oldest first

// A store failure is an error of this one evaluation, never an exception through the VM.
Result<Changes> changes_of(TrackerState& s, const Issue& issue, const std::string& field_id) {
  auto entries = s.store->changelog_of(issue.id);
  if (!entries) return entries.error();
  Changes out;
  for (const ChangelogEntry& e : *entries) {
    std::vector<Change> group;
    for (const Json& item : e.items) {
      if (item.value("fieldId", "") != field_id) continue;
      group.push_back({id_text(item.value("from", Json(nullptr))), id_text(item.value("to", Json(nullptr))), e.created, e.author});
    }
    if (!group.empty()) out.push_back(std::move(group));
  }
  return out;
}

// The value the issue was created with is the one now, with every change undone, newest first.
std::vector<Stretch> stretches_of(const Issue& issue, const std::string& field_id,
                                  const Changes& changes) {
  Ids state = stored_ids(issue.fields.value(field_id, Json(nullptr)));
  for (auto g = changes.rbegin(); g != changes.rend(); ++g) {
    for (auto c = g->rbegin(); c != g->rend(); ++c) {
      if (!c->to.empty()) state.erase(c->to);
      if (!c->from.empty()) state.insert(c->from);
    }
  }
  const std::string creator = id_text(issue.fields.value("creator", issue.fields.value("reporter", Json(nullptr))));
  std::vector<Stretch> done;
  std::map<std::string, Stretch> open;
  auto start = [&](const std::string& id, std::int64_t at, const std::string& who) {
    if (!open.count(id)) open[id] = Stretch{id, at, kForever, who};
  };
  auto stop = [&](const std::string& id, std::int64_t at) {
    auto it = open.find(id);
    if (it == open.end()) return;
    it->second.until = at;
    done.push_back(it->second);
    open.erase(it);
  };
  for (const std::string& id : state) start(id, issue.created, creator);
  if (state.empty()) start("", issue.created, creator);
  for (const auto& group : changes) {
    Ids removed, added;
    for (const Change& c : group) {
      if (!c.from.empty()) removed.insert(c.from);
      if (!c.to.empty()) added.insert(c.to);
    }
    const std::int64_t at = group.front().at;
    const std::string& who = group.front().author;
    for (const std::string& id : removed) {
      if (!added.count(id)) stop(id, at);
      state.erase(id);
    }
    for (const std::string& id : added) {
      state.insert(id);
      start(id, at, who);
    }
    if (state.empty()) start("", at, who);
    else stop("", at);
  }
  for (auto& still : open) done.push_back(still.second);
  return done;
}

Value user_of(TrackerState& s, const std::string& account_id) {
  const User* u = s.catalog.user(account_id);
  return u ? user_record(s, u) : Value::string(account_id);
}

// What a stored id is to JQL's `=`: a user by every identity, anything else by name or id.
Value value_of(TrackerState& s, const std::string& field_id, const std::string& id) {
  if (id.empty()) return {};
  if (field_id == "assignee" || field_id == "reporter") return user_of(s, id);
  const Id n = std::strtoll(id.c_str(), nullptr, 10);
  std::string name;
  if (field_id == "status" && s.catalog.status(n)) name = s.catalog.status(n)->name;
  if (field_id == "priority" && s.catalog.priority(n)) name = s.catalog.priority(n)->name;
  if (field_id == "resolution" && s.catalog.resolution(n)) name = s.catalog.resolution(n)->name;
  if (field_id == "fixVersions" && s.catalog.version(n)) name = s.catalog.version(n)->name;
  return Value::list({Value::string(name), Value::string(id)});
}

std::optional<std::int64_t> instant(const Value& v) {
  if (v.tag() == Tag::DateTime) return v.as_datetime();
  if (v.tag() == Tag::Date) return v.as_date() * kDay;
  return std::nullopt;
}

// [since, until) meets [lo, hi)?
bool overlaps(std::int64_t since, std::int64_t until, std::int64_t lo, std::int64_t hi) { return since < hi && until > lo; }

// A date without a time of day ("2024/01/31") means that whole day as the end of DURING.
std::int64_t end_of(std::int64_t t) { return t % kDay == 0 ? t + kDay : t + 1; }

bool any_matches(const Value& field, const std::vector<Value>& wanted) {
  for (const Value& w : wanted) {
    if (stdlib::jql_matches(field, w)) return true;
  }
  return false;
}

// One predicate over a stretch [since, until) or a change (until = at + 1).
bool holds(TrackerState& s, const jql::HistoryQuery::Predicate& p, std::int64_t since, std::int64_t until,
           const std::string& who) {
  using W = jql::HistoryWord;
  if (p.word == W::By) return any_matches(user_of(s, who), p.values);
  if (p.word == W::From || p.word == W::To) return true;  // the change's values: see changed()
  std::vector<std::int64_t> at;
  for (const Value& v : p.values) {
    auto t = instant(v);
    if (!t) return false;  // an unreadable date matches nothing (the compiler reported it)
    at.push_back(*t);
  }
  if (at.empty()) return false;
  switch (p.word) {
    case W::Before: return since < at[0];
    case W::After: return until - 1 > at[0];
    case W::On: {
      const std::int64_t day = at[0] - ((at[0] % kDay) + kDay) % kDay;
      return overlaps(since, until, day, day + kDay);
    }
    case W::During: return at.size() == 2 && overlaps(since, until, at[0], end_of(at[1]));
    default: return false;
  }
}

bool was(TrackerState& s, const Issue& issue, const jql::HistoryQuery& q, const Changes& changes) {
  for (const Stretch& st : stretches_of(issue, q.field_id, changes)) {
    if (!stdlib::jql_matches(value_of(s, q.field_id, st.id), q.values)) continue;
    bool all = true;
    for (const auto& p : q.predicates) all = all && holds(s, p, st.since, st.until, st.setter);
    if (all) return true;
  }
  return false;
}

bool changed(TrackerState& s, const jql::HistoryQuery& q, const Changes& changes) {
  for (const auto& group : changes) {
    for (const Change& c : group) {
      bool all = true;
      for (const auto& p : q.predicates) {
        if (p.word == jql::HistoryWord::From) all = all && any_matches(value_of(s, q.field_id, c.from), p.values);
        else if (p.word == jql::HistoryWord::To) all = all && any_matches(value_of(s, q.field_id, c.to), p.values);
        else all = all && holds(s, p, c.at, c.at + 1, c.author);
      }
      if (all) return true;
    }
  }
  return false;
}

}  // namespace

Result<bool> history_matches(TrackerState& s, const Issue& issue, const jql::HistoryQuery& q) {
  auto changes = changes_of(s, issue, q.field_id);
  if (!changes) return changes.error();
  return q.changed ? changed(s, q, *changes) : was(s, issue, q, *changes);
}

}  // namespace twinsync::tracker
