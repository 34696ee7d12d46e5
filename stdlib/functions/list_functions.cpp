// list_functions.cpp — first, last, distinct, sort, remove.
#include <algorithm>

#include "compiler/vm/vm_ops.h"
#include "stdlib/functions/registry.h"

namespace twinsync::stdlib {
namespace {

#define LIST_ARG(i)                                        \
  if (c.args[i].is_null()) return ok(c, Value());          \
  if (!c.args[i].is_list()) return fail(c, "expected a list"); \
  const std::vector<Value>& l##i = c.args[i].as_list();

bool first(NativeCall& c) {
  LIST_ARG(0)
  return ok(c, l0.empty() ? Value() : l0.front());
}

bool last(NativeCall& c) {
  LIST_ARG(0)
  return ok(c, l0.empty() ? Value() : l0.back());
}

bool distinct(NativeCall& c) {
  LIST_ARG(0)
  std::vector<Value> out;
  for (const Value& v : l0) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  if (out.size() == l0.size()) return ok(c, c.args[0]);  // unchanged: share it
  return ok(c, Value::list(std::move(out)));
}

bool sort(NativeCall& c) {
  LIST_ARG(0)
  std::vector<Value> out = l0;
  // Values that do not compare (nulls, records) keep their order after the ordered ones.
  std::stable_sort(out.begin(), out.end(), [](const Value& a, const Value& b) {
    auto r = vmops::compare(a, b);
    if (r) return *r < 0;
    return vmops::compare(a, a).has_value() && !vmops::compare(b, b).has_value();
  });
  return ok(c, Value::list(std::move(out)));
}

bool remove(NativeCall& c) {
  LIST_ARG(0)
  if (c.args[1].is_null()) return ok(c, c.args[0]);
  LIST_ARG(1)
  std::vector<Value> out;
  for (const Value& v : l0) {
    if (std::find(l1.begin(), l1.end(), v) == l1.end()) out.push_back(v);
  }
  return ok(c, Value::list(std::move(out)));
}

#undef LIST_ARG

}  // namespace

void add_list_functions(Table& t) {
  put(t, BuiltinId::First, first);
  put(t, BuiltinId::Last, last);
  put(t, BuiltinId::Distinct, distinct);
  put(t, BuiltinId::Sort, sort);
  put(t, BuiltinId::Remove, remove);
}

}  // namespace twinsync::stdlib
