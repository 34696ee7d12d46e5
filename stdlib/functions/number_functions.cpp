// number_functions.cpp — number, round, floor, ceil, abs, min, max.
#include <cmath>

#include "stdlib/functions/registry.h"

namespace twinsync::stdlib {
namespace {

template <double (*F)(double)>
bool unary(NativeCall& c) {
  if (c.args[0].is_null()) return ok(c, Value());
  if (!c.args[0].is_number()) return fail(c, "expected a number");
  return ok(c, Value::number(F(c.args[0].as_number())));
}

double round_away(double d) { return std::round(d); }
double floor_(double d) { return std::floor(d); }
double ceil_(double d) { return std::ceil(d); }
double abs_(double d) { return std::fabs(d); }

bool to_number(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  const std::string s(c.args[0].as_string());
  try {
    size_t used = 0;
    const double d = std::stod(s, &used);
    if (used == s.size() && std::isfinite(d)) return ok(c, Value::number(d));
  } catch (const std::exception&) {
  }
  return ok(c, Value());
}

template <bool Min>
bool pick(NativeCall& c) {
  const Value& a = c.args[0];
  const Value& b = c.args[1];
  if (a.is_null()) return ok(c, b);
  if (b.is_null()) return ok(c, a);
  if (!a.is_number() || !b.is_number()) return fail(c, "expected numbers");
  const bool first = Min ? a.as_number() <= b.as_number() : a.as_number() >= b.as_number();
  return ok(c, first ? a : b);
}

}  // namespace

void add_number_functions(Table& t) {
  put(t, BuiltinId::ToNumber, to_number);
  put(t, BuiltinId::Round, unary<round_away>);
  put(t, BuiltinId::Floor, unary<floor_>);
  put(t, BuiltinId::Ceil, unary<ceil_>);
  put(t, BuiltinId::Abs, unary<abs_>);
  put(t, BuiltinId::Min, pick<true>);
  put(t, BuiltinId::Max, pick<false>);
}

}  // namespace twinsync::stdlib
