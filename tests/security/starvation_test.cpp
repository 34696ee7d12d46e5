// No starvation: the events of a parked (or waiting) twin never hide other twins' events. With
// 500 events queued behind a parked twin, another twin's change applies in the very next round.
// And the events a peer can leave waiting are bounded.
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "compiler/vm/value_codec.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync::testkit {
namespace {

const std::string kBlue = rules::blue() + rules::outgoing({"summary"});
const std::string kGreen = rules::green() + rules::incoming({"summary"}, rules::kCreateBug);

store::Event event(const std::string& twin, int64_t seq, std::string payload) {
  store::Event e;
  e.id = twin + "/" + std::to_string(seq);
  e.kind = "replica";
  e.twin_key = twin;
  e.twin_seq = seq;
  e.payload = std::move(payload);
  return e;
}

std::string replica(const std::string& key, const std::string& summary) {
  Value r = Value::record(issue_shape());
  r.set_field(slot(IssueSlot::Key), Value::string(key));
  r.set_field(slot(IssueSlot::Summary), Value::string(summary));
  return encode_value(r);
}

TEST(Starvation, AParkedTwinsQueueDoesNotHideAnotherTwin) {
  TwoSides w(kBlue, kGreen);
  sync::ConnectionEngine& green = *w.green.engine;
  // BLUE-1's first event cannot be read: the twin parks, and 500 more of its events queue behind.
  ASSERT_TRUE(green.accept({event("BLUE-1", 1, "not a replica")}));
  ASSERT_TRUE(green.apply_ready(200));
  std::vector<store::Event> behind;
  for (int64_t seq = 2; seq <= 501; ++seq) behind.push_back(event("BLUE-1", seq, replica("BLUE-1", "queued")));
  ASSERT_TRUE(green.accept(behind));
  // Another twin changes: it is applied in the next round, whatever is queued before it.
  ASSERT_TRUE(green.accept({event("BLUE-2", 1, replica("BLUE-2", "applies at once"))}));
  auto applied = green.apply_ready(200);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(*applied, 1u);
  auto tx = w.green.store->begin();
  auto twin = w.green.store->twin_by_remote(*tx, green.id(), "BLUE-2");
  (void)tx->commit();
  ASSERT_TRUE(twin && *twin && (*twin)->local_key) << "BLUE-2 was not applied behind BLUE-1's 500 events";
  EXPECT_EQ(w.issue(w.green, *(*twin)->local_key).field(slot(IssueSlot::Summary)), Value::string("applies at once"));
}

TEST(Starvation, ATwinWaitingForAnEarlierEventDoesNotHideAnother) {
  TwoSides w(kBlue, kGreen);
  sync::ConnectionEngine& green = *w.green.engine;
  std::vector<store::Event> gap;  // BLUE-1's event 1 never arrived (yet): 2..501 wait for it
  for (int64_t seq = 2; seq <= 501; ++seq) gap.push_back(event("BLUE-1", seq, replica("BLUE-1", "later")));
  ASSERT_TRUE(green.accept(gap));
  ASSERT_TRUE(green.accept({event("BLUE-2", 1, replica("BLUE-2", "not hidden"))}));
  auto applied = green.apply_ready(200);
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 1u);
  // And when the missing event comes, BLUE-1 catches up in order: its queue is folded into a few
  // applies (kMaxFolded replicas each), the newest summary last.
  ASSERT_TRUE(green.accept({event("BLUE-1", 1, replica("BLUE-1", "first"))}));
  size_t applies = 0;
  for (int round = 0; round < 600; ++round) {
    auto n = green.apply_ready(200);
    ASSERT_TRUE(n);
    if (*n == 0) break;
    applies += *n;
  }
  EXPECT_EQ(applies, (501 + sync::ConnectionEngine::kMaxFolded - 1) / sync::ConnectionEngine::kMaxFolded);
  auto tx = w.green.store->begin();
  auto twin = w.green.store->twin_by_remote(*tx, green.id(), "BLUE-1");
  auto pending = w.green.store->count_pending_inbox(*tx, green.id());
  (void)tx->commit();
  ASSERT_TRUE(twin && *twin && (*twin)->local_key && pending);
  EXPECT_EQ((*twin)->in_seq, 501);
  EXPECT_EQ(*pending, 0);
  EXPECT_EQ(w.issue(w.green, *(*twin)->local_key).field(slot(IssueSlot::Summary)), Value::string("later"));
}

// A peer cannot grow this node's inbox without bound: past max_pending_inbox a batch is refused
// as busy (the transport answers 503 and the peer sends it again later), nothing of it is kept.
TEST(Starvation, ThePendingInboxIsBounded) {
  sync::EngineOptions small;
  small.max_pending_inbox = 4;
  TwoSides w(kBlue, kGreen, {}, small);
  sync::ConnectionEngine& green = *w.green.engine;
  ASSERT_TRUE(green.accept({event("BLUE-1", 5, "x"), event("BLUE-1", 6, "x"), event("BLUE-1", 7, "x")}));
  auto refused = green.accept({event("BLUE-2", 5, "x"), event("BLUE-2", 6, "x")});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::Busy);
  auto tx = w.green.store->begin();
  auto pending = w.green.store->count_pending_inbox(*tx, green.id());
  ASSERT_TRUE(pending);
  EXPECT_EQ(*pending, 3);
  (void)tx->commit();
  EXPECT_TRUE(green.accept({event("BLUE-2", 5, "x")}));
}

}  // namespace
}  // namespace twinsync::testkit
