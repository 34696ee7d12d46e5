// rows.h — reading the rows of a prepared statement: each in turn, all of them, or the first.
// Each helper leaves the statement reset (as step() does when it fails), ready for its next use.
#pragma once

#include <optional>
#include <type_traits>
#include <vector>

#include "runtime/sqlite/sqlite.h"

namespace twinsync::sqlite {

/// Steps `s` to its end, calling `row(s)` on each row. A `row` that returns a Status (a row that
/// may not read) stops the steps at its first error, which is the answer.
template <class Row>
Status each_row(Statement& s, Row&& row) {
  for (;;) {
    auto more = s.step();
    if (!more) return more.error();
    if (!*more) break;
    if constexpr (std::is_same_v<std::invoke_result_t<Row&, Statement&>, Status>) {
      if (Status ok = row(s); !ok) {
        s.reset();
        return ok;
      }
    } else {
      row(s);
    }
  }
  s.reset();
  return ok_status();
}

/// Every row of `s`, each as `read(s)` makes it.
template <class Read>
Result<std::vector<std::invoke_result_t<Read&, Statement&>>> all_rows(Statement& s, Read&& read) {
  std::vector<std::invoke_result_t<Read&, Statement&>> out;
  if (Status ok = each_row(s, [&](Statement& row) { out.push_back(read(row)); }); !ok) return ok.error();
  return out;
}

/// The first row of `s` as `read(s)` makes it, nullopt when there is none; further rows are not read.
template <class Read>
Result<std::optional<std::invoke_result_t<Read&, Statement&>>> first_row(Statement& s, Read&& read) {
  auto row = s.step();
  if (!row) return row.error();
  std::optional<std::invoke_result_t<Read&, Statement&>> out;
  if (*row) out = read(s);
  s.reset();
  return out;
}

}  // namespace twinsync::sqlite
