// An apply that made an issue for the peer and was cut short (a crash after the key was recorded,
// before the apply was): the issue's link must still reach the peer before any of its changes,
// or the peer takes the first change for a new issue of ours and refuses the link that follows.
// (Found by the crash harness: QA-3 never learned its twin, and the twin's comments never came.)
#include <gtest/gtest.h>

#include "runtime/node/local_link.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync::sync_cut_short_test {
namespace {

using testkit::TwoSides;
namespace rules = testkit::rules;

const std::string kBlue = rules::blue() + rules::bug_trigger() + rules::outgoing({"key", "summary"}) +
                          rules::incoming({"summary"}, rules::kSkipFirstSync);

const std::string kGreen = rules::green() + rules::incoming({"summary"}, rules::kCreateBug) +
                           rules::outgoing({"key", "summary"});

// GREEN has made the issue for BLUE's `key` and recorded its key, then stopped.
std::string made_and_cut_short(TwoSides& w, const std::string& key) {
  const std::string made = w.create(w.green, {{"summary", "Made before a crash"}});
  auto tx = w.green.store->begin();
  EXPECT_TRUE(tx);
  store::Twin t;
  t.connection = w.green.engine->id();
  t.local_key = made;
  t.remote_key = key;
  t.state = store::TwinState::Creating;
  EXPECT_TRUE(w.green.store->insert_twin(*tx, t));
  EXPECT_TRUE(tx->commit());
  return made;
}

TEST(SyncCutShort, AnIssueMadeForThePeerSendsItsLinkBeforeAnyChange) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Made before a crash"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  ASSERT_TRUE(node::deliver(*w.blue.engine, *w.green.engine));
  const std::string made = made_and_cut_short(w, key);

  // The new issue's own notice (its creation's webhook, or a poll after the restart) comes first.
  auto early = w.green.engine->local_change(made);
  ASSERT_TRUE(early) << early.error().message;
  EXPECT_NE(early->kind, sync::StepResult::Sent) << "a replica went out before the link";

  w.pump();
  auto twin = w.twin(w.blue, key);
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->remote_key, made);
  EXPECT_EQ(twin->state, store::TwinState::Synchronized);
  auto tx = w.blue.store->begin();
  auto errors = w.blue.store->open_errors(*tx);
  ASSERT_TRUE(errors);
  EXPECT_TRUE(errors->empty()) << errors->front().message;
}

}  // namespace
}  // namespace twinsync::sync_cut_short_test
