// The incoming lanes share the inbox by the number in the peer's issue key: each ready event is
// read by exactly one lane, whatever the peer put in the key (a peer can send any text; an
// event no lane reads would wait forever instead of being refused).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "runtime/store/sync_store.h"
#include "tests/support/temp_dir.h"

namespace twinsync {
namespace {

TEST(InboxLanes, EveryReadyEventIsInExactlyOneLaneAndATwinStaysInItsLane) {
  testkit::TempDir dir;
  auto s = store::SyncStore::open(dir.file("lanes.db"));
  ASSERT_TRUE(s) << s.error().message;
  auto tx = (*s)->begin();
  ASSERT_TRUE(tx);
  auto c = (*s)->ensure_connection(*tx, "qa");
  ASSERT_TRUE(c);
  const std::vector<std::string> keys = {"QA-1", "QA-2", "QA-3", "QA-8", "QA-9", "QA-16", "DEV-17",
                                         "nodash", "X--5", "QA-", "QA-99999999999999999999999",
                                         "QA--9223372036854775808", "QA-7x", ""};
  std::vector<store::Event> events;
  for (size_t i = 0; i < keys.size(); ++i) {
    store::Event e;
    e.id = "e" + std::to_string(i);
    e.kind = "replica";
    e.twin_key = keys[i];
    e.twin_seq = 1;
    e.payload = "p";
    events.push_back(e);
  }
  ASSERT_TRUE((*s)->accept_inbox(*tx, c->id, events));
  ASSERT_TRUE(tx->commit());

  for (size_t lanes : {size_t{1}, size_t{2}, size_t{8}}) {
    std::multiset<std::string> seen;
    std::map<std::string, size_t> lane_of;
    for (size_t lane = 0; lane < lanes; ++lane) {
      auto read = (*s)->begin();
      ASSERT_TRUE(read);
      auto ready = (*s)->ready_inbox(*read, c->id, INT64_MAX, 100, lane, lanes);
      ASSERT_TRUE(ready) << ready.error().message;
      ASSERT_TRUE(read->commit());
      for (const store::Event& e : *ready) {
        seen.insert(e.twin_key);
        lane_of[e.twin_key] = lane;
      }
    }
    for (const std::string& key : keys) EXPECT_EQ(seen.count(key), 1u) << key << " with " << lanes << " lanes";
    if (lanes != 8) continue;
    // Sequential issue numbers go round the lanes (a bulk's new issues spread evenly), whatever the project.
    EXPECT_EQ(lane_of["QA-1"], 1u);
    EXPECT_EQ(lane_of["QA-2"], 2u);
    EXPECT_EQ(lane_of["QA-9"], 1u);
    EXPECT_EQ(lane_of["QA-16"], 0u);
    EXPECT_EQ(lane_of["DEV-17"], 1u);
    EXPECT_EQ(lane_of["nodash"], 0u) << "a key without a number counts as 0";
  }
}

}  // namespace
}  // namespace twinsync
