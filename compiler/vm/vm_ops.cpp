// vm_ops.cpp — arithmetic, ordering, membership and indexing of values.
#include "compiler/vm/vm_ops.h"

#include <cmath>

namespace twinsync::vmops {
namespace {

// Date-times compare with dates by the instant the date starts (UTC).
bool as_instant(const Value& v, int64_t& ms) {
  if (v.tag() == Tag::DateTime) {
    ms = v.as_datetime();
    return true;
  }
  if (v.tag() == Tag::Date) {
    ms = v.as_date() * 86400000;
    return true;
  }
  return false;
}

}  // namespace

bool add(const Value& a, const Value& b, Value& out, std::string& error) {
  // Null is the identity of +, so a missing list, text or number adds nothing.
  if (a.is_null()) return out = b, true;
  if (b.is_null()) return out = a, true;
  if (a.is_number() && b.is_number()) return out = Value::number(a.as_number() + b.as_number()), true;
  if (a.is_string() && b.is_string()) {
    std::string s;
    s.reserve(a.as_string().size() + b.as_string().size());
    s.append(a.as_string()).append(b.as_string());
    return out = Value::string(s), true;
  }
  // A list plus a list concatenates; plus anything else, appends it. The new list shares its
  // items with both operands.
  if (a.is_list()) {
    std::vector<Value> items = a.as_list();
    if (b.is_list()) {
      items.insert(items.end(), b.as_list().begin(), b.as_list().end());
    } else {
      items.push_back(b);
    }
    return out = Value::list(std::move(items)), true;
  }
  error = std::string("cannot add ") + tag_name(a.tag()) + " and " + tag_name(b.tag());
  return false;
}

bool arith(int op, const Value& a, const Value& b, Value& out, std::string& error) {
  // Null in, null out: a missing number makes the result missing, not an error.
  if (a.is_null() || b.is_null()) return out = Value::null(), true;
  if (!a.is_number() || !b.is_number()) {
    error = std::string("arithmetic needs numbers, not ") + tag_name(a.tag()) + " and " + tag_name(b.tag());
    return false;
  }
  const double x = a.as_number(), y = b.as_number();
  switch (op) {
    case '-': out = Value::number(x - y); return true;
    case '*': out = Value::number(x * y); return true;
    case '/':
    case '%':
      // Division and remainder by zero fail the run rather than give inf or NaN.
      if (y == 0) {
        error = "division by zero";
        return false;
      }
      out = Value::number(op == '/' ? x / y : std::fmod(x, y));
      return true;
  }
  return false;
}

std::optional<int> compare(const Value& a, const Value& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.is_number() && b.is_number()) {
    // NaN is not ordered: <, <=, > and >= with it are all false.
    if (std::isnan(a.as_number()) || std::isnan(b.as_number())) return std::nullopt;
    return sign(a.as_number(), b.as_number());
  }
  // Texts compare by bytes, which for UTF-8 is code point order; there is no locale.
  if (a.is_string() && b.is_string()) return sign(a.as_string(), b.as_string());
  int64_t x, y;
  if (as_instant(a, x) && as_instant(b, y)) return sign(x, y);
  return std::nullopt;
}

bool contains(const Value& collection, const Value& item) {
  switch (collection.tag()) {
    case Tag::List:
      for (const Value& v : collection.as_list()) {
        if (v == item) return true;
      }
      return false;
    case Tag::String:
      // Case-sensitive, unlike the contains() builtin.
      return item.is_string() && collection.as_string().find(item.as_string()) != std::string_view::npos;
    // An entry holding null counts as absent: map_get cannot tell them apart.
    case Tag::Map: return item.is_string() && !collection.map_get(item.as_string()).is_null();
    default: return false;
  }
}

Value index(const Value& base, const Value& key) {
  if (base.is_list() && key.is_number()) {
    const double d = key.as_number();
    const auto& items = base.as_list();
    if (d != std::floor(d)) return {};
    auto i = static_cast<int64_t>(d);
    if (i < 0) i += static_cast<int64_t>(items.size());  // -1 is the last item
    if (i < 0 || i >= static_cast<int64_t>(items.size())) return {};
    return items[static_cast<size_t>(i)];
  }
  // Anything else (a null base, a key of the wrong kind) reads as null: index never fails.
  if (base.is_map() && key.is_string()) return base.map_get(key.as_string());
  return {};
}

}  // namespace twinsync::vmops
