// search_keys.cpp — narrowing a query to the keys it names (search_keys.h).
#include "runtime/tracker/search_keys.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <set>

namespace twinsync::tracker {
namespace {

using Keys = std::optional<std::set<std::string>>;

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool names_the_key(const jql::Field& f) {
  if (f.quoted || f.custom_id >= 0 || !f.property.empty()) return false;
  const std::string name = upper(f.name);
  return name == "KEY" || name == "ISSUE" || name == "ISSUEKEY";
}

// `key = K` or `key in (K, …)` with literal keys only (a function, e.g. linkedIssues(), could
// name any issue).
Keys of_compare(const jql::Clause& c) {
  if (!names_the_key(c.field) || (c.op != jql::Op::Eq && c.op != jql::Op::In)) return std::nullopt;
  if (c.operand.kind == jql::Operand::Empty) return std::nullopt;
  std::set<std::string> keys;
  for (const jql::Value& v : c.operand.values) {
    if (v.kind != jql::Value::Literal) return std::nullopt;
    // `issue = 10000` names an issue by id, which the key lookup does not know.
    if (!v.text.empty() && std::all_of(v.text.begin(), v.text.end(), [](unsigned char ch) { return std::isdigit(ch); })) {
      return std::nullopt;
    }
    keys.insert(upper(v.text));
  }
  return keys;
}

Keys of(const jql::Clause& c) {
  switch (c.kind) {
    case jql::Clause::Compare:
      return of_compare(c);
    case jql::Clause::And: {
      // Any child that names keys bounds the whole: the intersection of those that do.
      Keys bound;
      for (const auto& child : c.children) {
        Keys k = of(*child);
        if (!k) continue;
        if (!bound) {
          bound = std::move(k);
          continue;
        }
        std::set<std::string> both;
        std::set_intersection(bound->begin(), bound->end(), k->begin(), k->end(), std::inserter(both, both.end()));
        bound = std::move(both);
      }
      return bound;
    }
    case jql::Clause::Or: {
      // Bounded only when every alternative is.
      std::set<std::string> any;
      for (const auto& child : c.children) {
        Keys k = of(*child);
        if (!k) return std::nullopt;
        any.insert(k->begin(), k->end());
      }
      return any;
    }
    default:  // NOT, IS EMPTY, WAS, CHANGED, functions: no bound
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::vector<std::string>> keys_named(const jql::Query& query) {
  if (!query.where) return std::nullopt;
  Keys k = of(*query.where);
  if (!k) return std::nullopt;
  return std::vector<std::string>(k->begin(), k->end());
}

}  // namespace twinsync::tracker
