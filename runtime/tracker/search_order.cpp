// search_order.cpp — ORDER BY keys and the comparison of two issue records under them.
#include "runtime/tracker/search_order.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "compiler/jql/jql_fields.h"
#include "compiler/schema/shapes.h"
#include "compiler/support/numbers.h"
#include "compiler/support/text.h"
#include "compiler/vm/vm.h"

namespace twinsync::tracker {

namespace {

template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& i : items) out.push_back(i.name);
  return out;
}

OrderKey key_for(const jql::FieldRef& ref, const Catalog& cat) {
  OrderKey k;
  if (ref.kind == jql::FieldRef::Custom) {
    k.slot = slot(IssueSlot::Custom);
    k.custom = ref.custom;
    return k;
  }
  k.slot = ref.slot;
  switch (static_cast<IssueSlot>(ref.slot)) {
    case IssueSlot::Key: k.kind = OrderKey::IssueKey; break;
    case IssueSlot::Id: k.kind = OrderKey::NumericId; break;
    case IssueSlot::Priority: {
      // Jira lists priorities most important first and sorts ascending from the least.
      k.kind = OrderKey::Ranked;
      k.ranks = names_of(cat.priorities);
      std::reverse(k.ranks.begin(), k.ranks.end());
      break;
    }
    case IssueSlot::Status: k.kind = OrderKey::Ranked; k.ranks = names_of(cat.statuses); break;
    case IssueSlot::Type: k.kind = OrderKey::Ranked; k.ranks = names_of(cat.issue_types); break;
    case IssueSlot::Resolution: k.kind = OrderKey::Ranked; k.ranks = names_of(cat.resolutions); break;
    default: break;
  }
  return k;
}

int three_way(auto a, auto b) { return a < b ? -1 : (b < a ? 1 : 0); }

int compare_text(std::string_view a, std::string_view b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    const int x = std::tolower(static_cast<unsigned char>(a[i])), y = std::tolower(static_cast<unsigned char>(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

// What a list or a record sorts by: its first item, a user's display name.
Value sortable(const Value& v) {
  if (v.is_list()) return v.as_list().empty() ? Value() : sortable(v.as_list().front());
  if (v.is_record() || v.is_map()) return Value::string(to_display_text(v));
  if (v.is_string() && v.as_string().empty()) return Value();
  return v;
}

// Empty values sort after everything (ascending), as in Jira.
int compare_plain(const Value& x, const Value& y) {
  const Value a = sortable(x), b = sortable(y);
  if (a.is_null() || b.is_null()) return three_way(a.is_null(), b.is_null());
  if (a.tag() != b.tag()) return three_way(static_cast<int>(a.tag()), static_cast<int>(b.tag()));
  if (a.is_number()) return three_way(a.as_number(), b.as_number());
  if (a.is_bool()) return three_way(a.as_bool(), b.as_bool());
  if (a.tag() == Tag::Date) return three_way(a.as_date(), b.as_date());
  if (a.tag() == Tag::DateTime) return three_way(a.as_datetime(), b.as_datetime());
  if (a.is_string()) return compare_text(a.as_string(), b.as_string());
  return 0;
}

std::int64_t number_of(std::string_view s) { return parse_int<std::int64_t>(s).value_or(0); }

// "DEMO-12" sorts by project key, then by number (DEMO-2 before DEMO-10).
int compare_issue_keys(const Value& a, const Value& b) {
  if (!a.is_string() || !b.is_string()) return compare_plain(a, b);
  const std::string_view x = a.as_string(), y = b.as_string();
  const size_t dx = x.rfind('-'), dy = y.rfind('-');
  if (dx == std::string_view::npos || dy == std::string_view::npos) return compare_text(x, y);
  if (int c = compare_text(x.substr(0, dx), y.substr(0, dy)); c != 0) return c;
  return three_way(number_of(x.substr(dx + 1)), number_of(y.substr(dy + 1)));
}

int rank_of(const OrderKey& k, const Value& v) {
  if (v.is_string()) {
    for (size_t i = 0; i < k.ranks.size(); ++i) {
      if (iequals(k.ranks[i], v.as_string())) return static_cast<int>(i);
    }
  }
  return static_cast<int>(k.ranks.size());  // unknown or empty: after every known name
}

const Value& key_value(const OrderKey& k, const Value& record) {
  const Value& v = record.field(k.slot);
  return k.custom.empty() || !v.is_map() ? v : v.map_get(k.custom);
}

int compare_key(const OrderKey& k, const Value& ra, const Value& rb) {
  const Value& a = key_value(k, ra);
  const Value& b = key_value(k, rb);
  switch (k.kind) {
    case OrderKey::IssueKey: return compare_issue_keys(a, b);
    case OrderKey::NumericId:
      return three_way(a.is_string() ? number_of(a.as_string()) : 0, b.is_string() ? number_of(b.as_string()) : 0);
    case OrderKey::Ranked: return three_way(rank_of(k, a), rank_of(k, b));
    case OrderKey::Plain: return compare_plain(a, b);
  }
  return 0;
}

}  // namespace

std::vector<OrderKey> resolve_order(const jql::Query& query, const Schema& schema, const Catalog& cat,
                                    DiagnosticSink& sink) {
  std::vector<OrderKey> keys;
  for (const jql::SortKey& sk : query.order_by) {
    auto ref = jql::resolve_field(sk.field, schema);
    if (!ref || ref->kind == jql::FieldRef::Text) {
      sink.report(DiagId::JqlUnknownField, sk.field.span, "cannot sort by `" + sk.field.name + "`: it is not a field of this tracker")
          .help = "sort by a field such as created, updated, key, priority, status or summary";
      continue;
    }
    OrderKey k = key_for(*ref, cat);
    k.descending = sk.descending;
    keys.push_back(std::move(k));
  }
  return keys;
}

bool record_before(const std::vector<OrderKey>& keys, const Value& a, const Value& b) {
  static const std::vector<OrderKey> kDefault = {
      OrderKey{OrderKey::Plain, slot(IssueSlot::Created), {}, {}, true}};
  const std::vector<OrderKey>& order = keys.empty() ? kDefault : keys;
  for (const OrderKey& k : order) {
    const int c = compare_key(k, a, b);
    if (c != 0) return k.descending ? c > 0 : c < 0;
  }
  const OrderKey by_id{OrderKey::NumericId, slot(IssueSlot::Id), {}, {}, keys.empty()};
  const int c = compare_key(by_id, a, b);
  return by_id.descending ? c > 0 : c < 0;
}

}  // namespace twinsync::tracker
