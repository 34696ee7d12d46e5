// registry.h — how each stdlib file adds its functions to the table (internal to stdlib).
#pragma once

#include <array>

#include "compiler/check/builtin_table.h"
#include "compiler/vm/host.h"

namespace twinsync::stdlib {

using Table = std::array<NativeFn, static_cast<size_t>(BuiltinId::Count)>;

inline void put(Table& t, BuiltinId id, NativeFn fn) { t[static_cast<size_t>(id)] = fn; }

void add_text_functions(Table& t);
void add_number_functions(Table& t);
void add_date_functions(Table& t);
void add_list_functions(Table& t);
void add_sync_functions(Table& t);
void add_jql_functions(Table& t);
void add_richtext_functions(Table& t);

/// Helpers for implementations: argument access and results.
inline bool ok(NativeCall& c, Value v) {
  c.result = std::move(v);
  return true;
}
inline bool fail(NativeCall& c, std::string message) {
  c.error = std::move(message);
  return false;
}

}  // namespace twinsync::stdlib
