// A deleted connection as the store keeps it (migration 7): a step that read before the delete
// and writes after it cannot bring back a row of it — no twin, item, outbox or inbox event,
// error, history or counter — nor mark an ended twin synchronized again; the write fails whole,
// and the other connections are written as before.
#include <gtest/gtest.h>

#include <string>

#include "runtime/store/sync_store.h"
#include "tests/support/temp_dir.h"

namespace twinsync {
namespace {

using testkit::TempDir;

class DeletedConnection : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::SyncStore::open(dir.file("a.db"));
    ASSERT_TRUE(s) << s.error().message;
    store = std::move(*s);
    auto tx = store->begin();
    ASSERT_TRUE(tx);
    auto gone = store->ensure_connection(*tx, "gone");
    auto kept = store->ensure_connection(*tx, "kept");
    ASSERT_TRUE(gone && kept);
    gone_id = gone->id;
    kept_id = kept->id;
    twin.connection = gone_id;
    twin.local_key = "QA-1";
    twin.state = store::TwinState::Synchronized;
    ASSERT_TRUE(store->insert_twin(*tx, twin));
    ASSERT_TRUE(store->set_connection_deleted(*tx, gone_id, 1));
    ASSERT_TRUE(store->unexalate_twins(*tx, gone_id, "the connection was deleted"));
    ASSERT_TRUE(tx->commit());
  }
  // `write` in a transaction of its own, as a late step would; whether it committed.
  template <class Write>
  bool committed(Write write) {
    auto tx = store->begin();
    if (!tx) return false;
    if (!write(*tx)) return false;
    return static_cast<bool>(tx->commit());
  }

  TempDir dir;
  std::unique_ptr<store::SyncStore> store;
  int64_t gone_id = 0, kept_id = 0;
  store::Twin twin;
};

TEST_F(DeletedConnection, NoNewRowOfItIsWritten) {
  store::Twin late;
  late.connection = gone_id;
  late.local_key = "QA-2";
  late.state = store::TwinState::New;
  EXPECT_FALSE(committed([&](store::Tx& tx) { return static_cast<bool>(store->insert_twin(tx, late)); }));
  EXPECT_FALSE(committed([&](store::Tx& tx) {
    return static_cast<bool>(store->append_outbox(tx, gone_id, "replica", "QA-1", 1, "{}"));
  }));
  store::Event arrived;
  arrived.id = "e1";
  arrived.kind = "replica";
  arrived.twin_key = "QA-1";
  arrived.twin_seq = 1;
  arrived.payload = "{}";
  EXPECT_FALSE(committed([&](store::Tx& tx) { return static_cast<bool>(store->accept_inbox(tx, gone_id, {arrived})); }));
  EXPECT_FALSE(committed([&](store::Tx& tx) { return static_cast<bool>(store->put_item(tx, twin.id, {"comment", "10", "20", 1, ""})); }));
  EXPECT_FALSE(committed([&](store::Tx& tx) {
    return static_cast<bool>(store->add_error(tx, gone_id, twin.id, "outgoing", "", "rules", "late"));
  }));
  EXPECT_FALSE(committed([&](store::Tx& tx) {
    return static_cast<bool>(store->add_history(tx, gone_id, twin.id, {0, "outgoing", "", "", "sent", "summary", 0}));
  }));
  EXPECT_FALSE(committed([&](store::Tx& tx) { return static_cast<bool>(store->add_stat(tx, gone_id, store::Stat::Sent)); }));

  auto tx = store->begin();
  ASSERT_TRUE(tx);
  auto days = store->day_stats(*tx, gone_id, 0);
  ASSERT_TRUE(days);
  EXPECT_TRUE(days->empty());
  auto history = store->history(*tx, twin.id);
  ASSERT_TRUE(history);
  EXPECT_TRUE(history->empty());
  auto twins = store->twins(*tx, gone_id);
  ASSERT_TRUE(twins);
  EXPECT_EQ(twins->size(), 1u);
  auto stats = store->stats(*tx);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->count("sent"), 0u) << "the total rolled back with the day's counter";
}

TEST_F(DeletedConnection, ItsEndedTwinStaysEnded) {
  store::Twin again = twin;
  again.state = store::TwinState::Synchronized;
  const Status refused = [&] {
    auto tx = store->begin();
    if (!tx) return Status(tx.error());
    return store->update_twin(*tx, again);
  }();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("the connection is deleted"), std::string::npos) << refused.error().message;
  auto tx = store->begin();
  ASSERT_TRUE(tx);
  auto back = store->twin_by_id(*tx, twin.id);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(store::twin_state_name((*back)->state), "unexalated");
}

TEST_F(DeletedConnection, AnotherConnectionIsWrittenAsBefore) {
  store::Twin other;
  other.connection = kept_id;
  other.local_key = "QA-1";
  other.state = store::TwinState::New;
  EXPECT_TRUE(committed([&](store::Tx& tx) {
    return store->insert_twin(tx, other) && store->put_item(tx, other.id, {"comment", "10", "20", 1, ""}) &&
           store->append_outbox(tx, kept_id, "replica", "QA-1", 1, "{}") &&
           store->add_history(tx, kept_id, other.id, {0, "outgoing", "", "", "sent", "summary", 0}) &&
           store->add_stat(tx, kept_id, store::Stat::Sent);
  }));
  other.state = store::TwinState::Synchronized;
  EXPECT_TRUE(committed([&](store::Tx& tx) { return static_cast<bool>(store->update_twin(tx, other)); }));
}

}  // namespace
}  // namespace twinsync
