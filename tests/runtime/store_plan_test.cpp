// The sync store's reads of twins by state, under 100,000 twins: the look for twins still waiting
// for the other side (every few seconds), the twins being created, and the counts per state and
// the last sync time (status, /metrics) come from indexes, never from reading every twin's row
// with its replicas and snapshot; a connection's open errors are counted from their index, not
// read one by one for every connection. Checked on the query plan SQLite chooses, not on time.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "runtime/sqlite/sqlite.h"
#include "runtime/store/sync_store.h"
#include "tests/support/query_plan.h"
#include "tests/support/temp_dir.h"

namespace twinsync::store {
namespace {

const std::map<std::string, std::string> kStatements = {
#define SQL(name, text) {#name, text},
#include "runtime/store/statements.def"
#undef SQL
};

std::string plan_of(sqlite::Database& db, const std::string& name) {
  return testkit::query_plan(db, kStatements.at(name));
}

TEST(SyncStorePlan, TwinsByStateComeFromAnIndexNotFromEveryRow) {
  testkit::TempDir dir;
  const std::string path = dir.file("node.db");
  ASSERT_TRUE(SyncStore::open(path));  // creates and migrates
  auto db = sqlite::Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  for (const char* name : {"TwinsWaitingSince", "TwinsCreating"}) {
    const std::string plan = plan_of(*db, name);
    EXPECT_NE(plan.find("INDEX twin_state"), std::string::npos) << name << ":\n" << plan;
  }
  // Counted and timed from the indexes alone: no twin row is read.
  const std::string counts = plan_of(*db, "CountTwins");
  EXPECT_NE(counts.find("COVERING INDEX twin_state"), std::string::npos) << counts;
  const std::string last = plan_of(*db, "LastSyncMs");
  EXPECT_NE(last.find("COVERING INDEX twin_last_sync"), std::string::npos) << last;
}

TEST(SyncStorePlan, OpenErrorsAreCountedPerConnectionFromTheirIndex) {
  testkit::TempDir dir;
  const std::string path = dir.file("node.db");
  auto store = SyncStore::open(path);
  ASSERT_TRUE(store) << store.error().message;
  {
    auto tx = (*store)->begin();
    ASSERT_TRUE(tx);
    auto a = (*store)->ensure_connection(*tx, "a");
    auto b = (*store)->ensure_connection(*tx, "b");
    ASSERT_TRUE(a && b);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE((*store)->add_error(*tx, a->id, 0, "outgoing", "", "rules", "e" + std::to_string(i)));
    auto closed = (*store)->add_error(*tx, a->id, 0, "outgoing", "", "rules", "closed");
    ASSERT_TRUE(closed);
    ASSERT_TRUE((*store)->set_error_state(*tx, *closed, "resolved"));
    ASSERT_TRUE((*store)->add_error(*tx, b->id, 0, "incoming", "", "rules", "b's"));
    EXPECT_EQ(*(*store)->count_open_errors(*tx, a->id), 3);
    EXPECT_EQ(*(*store)->count_open_errors(*tx, b->id), 1);
    ASSERT_TRUE(tx->commit());
  }
  auto db = sqlite::Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  const std::string plan = plan_of(*db, "CountOpenErrors");
  EXPECT_NE(plan.find("COVERING INDEX error_open"), std::string::npos) << plan;
}

}  // namespace
}  // namespace twinsync::store
