// query_plan.h — the plan SQLite chooses for a statement (EXPLAIN QUERY PLAN), one line per step,
// for tests that hold hot statements to their indexes without timing them.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "runtime/sqlite/sqlite.h"

namespace twinsync::testkit {

inline std::string query_plan(sqlite::Database& db, const std::string& sql) {
  auto st = db.prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(st) << st.error().message;
  if (!st) return "";
  std::string plan;
  for (;;) {
    auto row = st->step();
    EXPECT_TRUE(row) << row.error().message;
    if (!row || !*row) break;
    plan += st->text(st->column_count() - 1) + "\n";
  }
  return plan;
}

}  // namespace twinsync::testkit
