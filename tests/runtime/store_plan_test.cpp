// The sync store's reads of twins by state, under 100,000 twins: the look for twins still waiting
// for the other side (every few seconds), the twins being created, and the counts per state and
// the last sync time (status, /metrics) come from indexes, never from reading every twin's row
// with its replicas and snapshot. Checked on the query plan SQLite chooses, not on time.
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

}  // namespace
}  // namespace twinsync::store
