// Twin states (twin_states.def) as the store keeps them: every state round-trips, the column's
// CHECK (migration 6) holds exactly the table's names, a store of schema 5 gains the CHECK with
// its rows and references intact, and one whose rows break it is refused and left at schema 5.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runtime/sqlite/sqlite.h"
#include "runtime/store/schema.h"
#include "runtime/store/sync_store.h"
#include "tests/support/temp_dir.h"

namespace twinsync {
namespace {

using store::TwinState;
using testkit::TempDir;

TEST(TwinStates, EveryStateHasOneNameThatGivesItBack) {
  std::set<std::string_view> names;
  for (TwinState s : store::kTwinStates) {
    names.insert(store::twin_state_name(s));
    EXPECT_EQ(store::twin_state_from_name(store::twin_state_name(s)), s) << store::twin_state_name(s);
  }
  EXPECT_EQ(names.size(), std::size(store::kTwinStates));
  EXPECT_EQ(store::twin_state_from_name("lost"), std::nullopt);
}

TEST(TwinStates, TheStoreKeepsEveryState) {
  TempDir dir;
  auto s = store::SyncStore::open(dir.file("a.db"));
  ASSERT_TRUE(s) << s.error().message;
  auto tx = (*s)->begin();
  ASSERT_TRUE(tx);
  auto c = (*s)->ensure_connection(*tx, "qa");
  ASSERT_TRUE(c);
  int n = 0;
  for (TwinState state : store::kTwinStates) {
    store::Twin t;
    t.connection = c->id;
    t.local_key = "QA-" + std::to_string(++n);
    t.state = state;
    ASSERT_TRUE((*s)->insert_twin(*tx, t));
    auto back = (*s)->twin_by_local(*tx, c->id, *t.local_key);
    ASSERT_TRUE(back && *back);
    EXPECT_EQ(store::twin_state_name((*back)->state), store::twin_state_name(state));
  }
}

// Raw SQL, as a damaged or hand-edited store could hold it: the column takes the table's names
// and nothing else, so the CHECK and twin_states.def cannot drift apart unnoticed.
TEST(TwinStates, TheColumnTakesTheTablesNamesAndNoOther) {
  TempDir dir;
  { ASSERT_TRUE(store::SyncStore::open(dir.file("a.db"))); }
  auto db = sqlite::Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->exec("INSERT INTO connection(name, created_ms) VALUES ('qa', 0)"));
  for (TwinState state : store::kTwinStates) {
    const std::string name(store::twin_state_name(state));
    EXPECT_TRUE(db->exec("INSERT INTO twin(connection, local_key, state, created_ms) VALUES (1, 'QA-" + name + "', '" +
                         name + "', 0)"))
        << name;
  }
  for (const char* bad : {"lost", "Synchronized", ""}) {
    auto refused = db->exec(std::string("UPDATE twin SET state = '") + bad + "' WHERE local_key = 'QA-new'");
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().kind, ErrorKind::Constraint) << refused.error().message;
  }
}

// A store as twinsync wrote it before migration 6, with a twin, an item and an error that refer to it.
void make_schema5_store(const std::string& path, const std::string& state) {
  auto db = sqlite::Database::open(path);
  ASSERT_TRUE(db);
  ASSERT_TRUE(sqlite::migrate(*db, store::migrations().first(5), "sync store"));
  ASSERT_TRUE(db->exec("PRAGMA application_id = " + std::to_string(store::SyncStore::kApplicationId)));
  ASSERT_TRUE(db->exec(
      "INSERT INTO connection(id, name, created_ms) VALUES (1, 'qa', 0);"
      "INSERT INTO twin(id, connection, local_key, remote_key, state, out_seq, created_ms, waiting_shown) "
      "  VALUES (7, 1, 'QA-1', 'DEV-1', '" + state + "', 3, 0, 1);"
      "INSERT INTO item_map(twin, kind, remote_id, local_id, intent_ms) VALUES (7, 'comment', '10', '20', 0);"
      "INSERT INTO error(connection, twin, direction, kind, message, created_ms) VALUES (1, 7, 'incoming', 'rule', 'x', 0);"));
}

TEST(TwinStates, ASchema5StoreGainsTheCheckWithItsRowsIntact) {
  TempDir dir;
  make_schema5_store(dir.file("a.db"), "synchronized");
  auto s = store::SyncStore::open(dir.file("a.db"));
  ASSERT_TRUE(s) << s.error().message;
  auto tx = (*s)->begin();
  ASSERT_TRUE(tx);
  auto twin = (*s)->twin_by_local(*tx, 1, "QA-1");
  ASSERT_TRUE(twin && *twin) << (twin ? "no twin" : twin.error().message);
  EXPECT_EQ((*twin)->id, 7);
  EXPECT_EQ((*twin)->remote_key, "DEV-1");
  EXPECT_EQ((*twin)->out_seq, 3);
  EXPECT_EQ((*twin)->state, TwinState::Synchronized);
  auto items = (*s)->items(*tx, 7);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].local_id, "20");
  auto errors = (*s)->open_errors(*tx);
  ASSERT_TRUE(errors);
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].twin, 7);
}

TEST(TwinStates, AStoreWhoseTwinBreaksTheCheckIsRefusedAndLeftAtSchema5) {
  TempDir dir;
  make_schema5_store(dir.file("a.db"), "lost");
  auto s = store::SyncStore::open(dir.file("a.db"));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("step 6"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(dir.file("a.db")), std::string::npos) << s.error().message;
  auto db = sqlite::Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  EXPECT_EQ(*db->user_version(), 5);
  auto kept = db->prepare("SELECT state FROM twin WHERE id = 7");
  ASSERT_TRUE(kept);
  ASSERT_TRUE(*kept->step());
  EXPECT_EQ(kept->text(0), "lost");
}

}  // namespace
}  // namespace twinsync
