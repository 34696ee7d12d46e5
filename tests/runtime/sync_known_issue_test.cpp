// An apply that writes on the twin's record instead of a read (ConnectionEngine::
// trust_local_notices) must not be worse off when the record is wrong — a notice lost on its
// way: a write the tracker refuses is tried again after a read before the twin parks.
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync {
namespace {

using testkit::TwoSides;

const std::string kOut = testkit::rules::blue() + testkit::rules::bug_trigger() +
                         testkit::rules::outgoing({"key", "summary"}) +
                         testkit::rules::incoming({}, testkit::rules::kSkipFirstSync);

const std::string kIn = testkit::rules::green() + testkit::rules::incoming({"summary"}, testkit::rules::kCreateBug);

std::optional<store::Event> only_inbox_event(testkit::Side& s) {
  auto tx = s.store->begin();
  auto events = s.store->ready_inbox(*tx, s.engine->id(), INT64_MAX, 100);
  (void)tx->commit();
  if (!events || events->size() != 1) return std::nullopt;
  return (*events)[0];
}

TEST(KnownIssue, AWriteRefusedOnTheRecordIsTriedAgainAfterAReadBeforeTheTwinParks) {
  sync::EngineOptions green;
  green.retry_base_ms = 0;  // the second attempt is due at once
  TwoSides w(kOut, kIn, {}, green);
  // GREEN's node believes nobody else touched its issues: a notice was lost.
  int reads_trusted = 0;
  int64_t known_version = 0;  // what the record says it shows, for notices that came since
  w.green.engine->trust_local_notices({[] { return uint64_t{1}; }, [&](const std::string&, uint64_t, int64_t version) {
                                         ++reads_trusted;
                                         known_version = version;
                                         return true;
                                       }});
  const std::string key = w.create(w.blue, {{"summary", "First"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string twin = *w.twin(w.blue, key)->remote_key;
  w.edit(w.blue, key, {{"summary", "Second"}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  ASSERT_EQ(w.issue(w.green, twin).field(slot(IssueSlot::Summary)).as_string(), "Second");
  EXPECT_GE(reads_trusted, 1) << "the second apply asked whether its record was still true";
  const Value issue = w.issue(w.green, twin);
  const Value& updated = issue.field(slot(IssueSlot::Updated));
  ASSERT_EQ(updated.tag(), Tag::DateTime);
  EXPECT_GT(known_version, 0) << "and named the version its record shows";
  EXPECT_LE(known_version, updated.as_datetime());

  // Behind the node's back the issue goes; the next write, made on the record, is refused.
  auto gone = w.green.port->client().transport().send(jira::Call::json("DELETE", "/rest/api/2/issue/" + twin, nullptr, jira::Repeat::Safe));
  ASSERT_TRUE(gone) << gone.error().message;
  w.edit(w.blue, key, {{"summary", "Third"}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  ASSERT_TRUE(node::deliver(*w.blue.engine, *w.green.engine));
  ASSERT_TRUE(w.green.engine->apply_ready(100));
  EXPECT_EQ(w.twin(w.green, twin)->state, store::TwinState::Synchronized) << "a refusal of a write made without a read does not park";
  auto waiting = only_inbox_event(w.green);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->attempts, 1);

  // Tried again, it reads first, and now the tracker's answer is the truth: the twin parks.
  ASSERT_TRUE(w.green.engine->apply_ready(100));
  EXPECT_EQ(w.twin(w.green, twin)->state, store::TwinState::Blocked);
  EXPECT_NE(w.twin(w.green, twin)->reason.find("reading " + twin), std::string::npos) << w.twin(w.green, twin)->reason;
}

}  // namespace
}  // namespace twinsync
