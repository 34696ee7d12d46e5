// The tracker store's hot statements under a backlog: the webhook dispatcher's rounds and its
// pruning must come from an index, not from reading (and sorting) every delivery (with a backlog
// of 50,000, a round took 91 ms that way). Checked on the query plan SQLite chooses, not on time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/sqlite/sqlite.h"
#include "runtime/tracker/store.h"
#include "tests/support/query_plan.h"
#include "tests/support/temp_dir.h"

namespace twinsync::tracker {
namespace {

std::string plan_of(sqlite::Database& db, Sql which) {
  return testkit::query_plan(db, sql_text(which));
}

TEST(TrackerStorePlan, DueDeliveriesAndTheNextDueTimeComeFromIndexesWithoutASort) {
  testkit::TempDir dir;
  const std::string path = dir.file("tracker.db");
  ASSERT_TRUE(Store::open(path));  // creates and migrates
  auto db = sqlite::Database::open(path);
  ASSERT_TRUE(db) << db.error().message;

  const std::string due = plan_of(*db, Sql::due_deliveries);
  EXPECT_NE(due.find("deliveries_due"), std::string::npos) << due;
  EXPECT_EQ(due.find("TEMP B-TREE"), std::string::npos) << "a sort of every pending delivery per round:\n" << due;

  const std::string next = plan_of(*db, Sql::next_delivery_time);
  EXPECT_NE(next.find("deliveries_next"), std::string::npos) << next;
}

// After each round the finished deliveries beyond the newest 1,000 go. With a backlog of 80,000
// pending (a bulk of 10,000 issues with 7 comments each: nine deliveries per issue on the
// receiving tracker) a walk over every row took the dispatcher's whole time, under the
// tracker's lock, and the sync crawled at 19 issues/s.
TEST(TrackerStorePlan, PruningFinishedDeliveriesReadsTheIndexNotEveryDelivery) {
  testkit::TempDir dir;
  const std::string path = dir.file("tracker.db");
  ASSERT_TRUE(Store::open(path));
  auto db = sqlite::Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  const std::string prune = plan_of(*db, Sql::prune_deliveries);
  EXPECT_NE(prune.find("deliveries_due (state="), std::string::npos) << "a walk over every delivery:\n" << prune;
}

// A finished delivery is listed without its payload, so the payload goes when it finishes:
// settling a delivery used to write the whole issue out again (about 10 KB with 7 comments, 16
// deliveries for one such new issue), only for pruning to delete it later.
TEST(TrackerStore, AFinishedDeliveryKeepsNoPayloadAndAPendingOneKeepsItsOwn) {
  testkit::TempDir dir;
  const std::string path = dir.file("tracker.db");
  const std::string issue(20000, 'x');
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().message;
    Webhook w;
    w.name = "n";
    w.url = "http://127.0.0.1:9/hook";
    w.flavour = "server";
    auto hook = (*store)->insert_webhook(w);
    ASSERT_TRUE(hook) << hook.error().message;
    ASSERT_TRUE((*store)->insert_delivery(*hook, 10000, "d1", issue, 0));
    ASSERT_TRUE((*store)->insert_delivery(*hook, 10001, "d2", issue, 0));
    auto due = (*store)->due_deliveries(1, 10);
    ASSERT_TRUE(due && due->size() == 2);
    ASSERT_TRUE((*store)->finish_delivery((*due)[0].id, "delivered", ""));
  }
  auto db = sqlite::Database::open(path);
  ASSERT_TRUE(db) << db.error().message;
  auto st = db->prepare("SELECT identifier, state, length(payload) FROM deliveries ORDER BY id");
  ASSERT_TRUE(st);
  std::vector<std::string> rows;
  while (auto row = st->step()) {
    if (!*row) break;
    rows.push_back(st->text(0) + " " + st->text(1) + " " + std::to_string(st->int64(2)));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"d1 delivered 0", "d2 pending 20000"}));
}

}  // namespace
}  // namespace twinsync::tracker
