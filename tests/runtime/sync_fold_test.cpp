// A backlog of one issue's changes in the inbox is applied in one write: every replica is the
// whole issue as the peer sends it, so the last of a run holds every change before it. The
// earlier events are recorded as superseded, none is lost, and a failure stays on the twin's
// next event, as without folding.
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync {
namespace {

using testkit::TwoSides;

const std::string kSendSummary = testkit::rules::blue() + testkit::rules::bug_trigger() +
                         testkit::rules::outgoing({"key", "summary"}) +
                         testkit::rules::incoming({}, testkit::rules::kSkipFirstSync);

const std::string kTakeSummary = testkit::rules::green() + testkit::rules::incoming({"summary"}, testkit::rules::kCreateBug);

// The summaries an issue had, oldest first, from the tracker's changelog: one per write of it.
std::vector<std::string> summary_writes(testkit::Side& s, const std::string& key) {
  auto r = s.port->client().transport().send_json(
      jira::Call::json("GET", "/rest/api/2/issue/" + key + "?expand=changelog", nullptr, jira::Repeat::Safe));
  EXPECT_TRUE(r) << r.error().message;
  std::vector<std::string> out;
  if (!r) return out;
  for (const auto& h : (*r)["changelog"]["histories"]) {
    for (const auto& item : h["items"]) {
      if (item.value("field", "") == "summary") out.push_back(item.value("toString", ""));
    }
  }
  return out;
}

std::vector<std::string> history_outcomes(testkit::Side& s, int64_t twin) {
  auto tx = s.store->begin();
  auto h = s.store->history(*tx, twin);
  (void)tx->commit();
  std::vector<std::string> out;
  if (h) {
    for (const auto& e : *h) out.push_back(e.outcome);
  }
  return out;
}

int64_t pending_inbox(testkit::Side& s) {
  auto tx = s.store->begin();
  auto n = s.store->count_pending_inbox(*tx, s.engine->id());
  (void)tx->commit();
  return n ? *n : -1;
}

// Three edits on blue, each sent as its own replica, all in green's inbox before it applies.
std::string three_edits_queued(TwoSides& w) {
  const std::string key = w.create(w.blue, {{"summary", "First"}, {"labels", {"sync"}}});
  EXPECT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  for (const char* summary : {"Second", "Third", "Fourth"}) {
    w.edit(w.blue, key, {{"summary", summary}});
    auto sent = w.blue.engine->local_change(key);
    EXPECT_TRUE(sent && sent->kind == sync::StepResult::Sent);
  }
  auto moved = node::deliver(*w.blue.engine, *w.green.engine);
  EXPECT_TRUE(moved && *moved == 3);
  EXPECT_EQ(pending_inbox(w.green), 3);
  return key;
}

TEST(FoldedApply, ABacklogOfOneIssueIsAppliedInOneWriteAndEveryEventIsRecorded) {
  TwoSides w(kSendSummary, kTakeSummary);
  const std::string key = three_edits_queued(w);
  const std::string twin_key = *w.twin(w.blue, key)->remote_key;

  auto applied = w.green.engine->apply_ready(100);
  ASSERT_TRUE(applied) << applied.error().message;
  EXPECT_EQ(*applied, 1u) << "one apply for the three events";
  EXPECT_EQ(w.issue(w.green, twin_key).field(slot(IssueSlot::Summary)).as_string(), "Fourth");
  EXPECT_EQ(summary_writes(w.green, twin_key), std::vector<std::string>({"Fourth"}))
      << "the twin was written once, with the last summary, never with the ones it overtook";
  EXPECT_EQ(pending_inbox(w.green), 0) << "no event is left behind";

  const auto twin = w.twin(w.green, twin_key);
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->in_seq, 4) << "the create's event and the three edits";
  const auto outcomes = history_outcomes(w.green, twin->id);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "superseded"), 2);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "applied"), 1);

  auto tx = w.green.store->begin();
  auto stats = w.green.store->stats(*tx);
  (void)tx->commit();
  ASSERT_TRUE(stats);
  EXPECT_EQ((*stats)["superseded"], 2);
  EXPECT_EQ((*stats)["applied"], 2) << "the create and the folded edits";
  EXPECT_EQ((*stats)["latency_count"], 4) << "every change reached the twin, folded or not";

  w.pump();
  EXPECT_EQ(w.issue(w.blue, key).field(slot(IssueSlot::Summary)).as_string(), "Fourth") << "nothing echoes back";
}

TEST(FoldedApply, AFailedFoldedApplyStaysOnTheTwinsNextEventAndLosesNothing) {
  TwoSides w(kSendSummary, kTakeSummary);
  const std::string key = three_edits_queued(w);
  const std::string twin_key = *w.twin(w.blue, key)->remote_key;
  const int64_t in_seq = w.twin(w.green, twin_key)->in_seq;

  // The twin is gone behind the node's back: the folded apply's read of it fails for good.
  auto gone = w.green.port->client().transport().send(
      jira::Call::json("DELETE", "/rest/api/2/issue/" + twin_key, nullptr, jira::Repeat::Safe));
  ASSERT_TRUE(gone) << gone.error().message;
  ASSERT_TRUE(w.green.engine->apply_ready(100));

  const auto twin = w.twin(w.green, twin_key);
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->state, store::TwinState::Blocked);
  EXPECT_EQ(twin->in_seq, in_seq) << "nothing of the run counts as applied";
  auto tx = w.green.store->begin();
  auto later = w.green.store->later_inbox(*tx, w.green.engine->id(), key, in_seq, 10);
  auto errors = w.green.store->open_errors(*tx);
  (void)tx->commit();
  ASSERT_TRUE(later && errors);
  ASSERT_EQ(later->size(), 2u) << "the events behind the failed one wait, untouched";
  EXPECT_EQ((*later)[0].twin_seq, in_seq + 2);
  ASSERT_EQ(errors->size(), 1u);
  const auto outcomes = history_outcomes(w.green, twin->id);
  EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), "superseded"), 0);
}

// A replica that brings a file's bytes is the only one that does: a later replica names the file
// without them, so folding past it would lose the file for good.
TEST(FoldedApply, AReplicaThatBringsAFilesBytesIsNeverSuperseded) {
  const std::string out = testkit::rules::blue() + testkit::rules::bug_trigger() +
                          "outgoing {\n  replica.key = issue.key\n  replica.summary = issue.summary\n"
                          "  replica.attachments = issue.attachments\n}\n" +
                          testkit::rules::incoming({}, testkit::rules::kSkipFirstSync);
  const std::string in = testkit::rules::green() +
                         "incoming {\n  if firstSync { issue.type = \"Bug\" }\n  issue.summary = replica.summary\n"
                         "  issue.attachments = merge(issue.attachments, replica.attachments)\n}\n";
  TwoSides w(out, in);
  const std::string key = w.create(w.blue, {{"summary", "First"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string twin_key = *w.twin(w.blue, key)->remote_key;

  auto file = w.blue.port->client().upload_attachment(key, "trace.log", "text/plain", std::string(2048, 't'));
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_TRUE(w.blue.engine->local_change(key));  // the file's bytes travel in this replica only
  w.edit(w.blue, key, {{"summary", "Second"}});
  ASSERT_TRUE(w.blue.engine->local_change(key));  // this one names the file without them
  auto moved = node::deliver(*w.blue.engine, *w.green.engine);
  ASSERT_TRUE(moved && *moved == 2);
  for (int round = 0; round < 5; ++round) ASSERT_TRUE(w.green.engine->apply_ready(100));

  const Value twin = w.issue(w.green, twin_key);
  EXPECT_EQ(twin.field(slot(IssueSlot::Summary)).as_string(), "Second");
  const Value& files = twin.field(slot(IssueSlot::Attachments));
  ASSERT_TRUE(files.is_list());
  ASSERT_EQ(files.as_list().size(), 1u) << "the file arrived although a later replica came with it";
  EXPECT_EQ(pending_inbox(w.green), 0);
}

// A folded apply that fails is not parked: the twin's next event is applied alone, so a bad
// replica further on parks in its own place and never takes the good ones before it with it.
TEST(FoldedApply, AFailureCausedByALaterReplicaParksThatReplicaAloneAfterTheGoodOnes) {
  const std::string in = testkit::rules::green() +
                         "incoming {\n  if firstSync { issue.type = \"Bug\" }\n"
                         "  if replica.summary == \"poison\" { error \"poisoned\" }\n  issue.summary = replica.summary\n}\n";
  TwoSides w(kSendSummary, in);
  const std::string key = w.create(w.blue, {{"summary", "First"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string twin_key = *w.twin(w.blue, key)->remote_key;
  for (const char* summary : {"Second", "Third", "poison"}) {
    w.edit(w.blue, key, {{"summary", summary}});
    ASSERT_TRUE(w.blue.engine->local_change(key));
  }
  auto moved = node::deliver(*w.blue.engine, *w.green.engine);
  ASSERT_TRUE(moved && *moved == 3);
  for (int round = 0; round < 5; ++round) ASSERT_TRUE(w.green.engine->apply_ready(100));

  EXPECT_EQ(w.issue(w.green, twin_key).field(slot(IssueSlot::Summary)).as_string(), "Third")
      << "the good replicas before the poisoned one were applied";
  const auto twin = w.twin(w.green, twin_key);
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->state, store::TwinState::Blocked);
  EXPECT_EQ(twin->in_seq, 3) << "the create and the two good edits";
  auto tx = w.green.store->begin();
  auto errors = w.green.store->open_errors(*tx);
  auto poisoned = w.green.store->later_inbox(*tx, w.green.engine->id(), key, 3, 10);
  (void)tx->commit();
  ASSERT_TRUE(errors && poisoned);
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_NE((*errors)[0].message.find("poisoned"), std::string::npos) << (*errors)[0].message;
  auto failed_tx = w.green.store->begin();
  auto failed = w.green.store->inbox_event(*failed_tx, w.green.engine->id(), (*errors)[0].event_id);
  (void)failed_tx->commit();
  ASSERT_TRUE(failed && *failed);
  EXPECT_EQ((*failed)->twin_seq, 4) << "the error names the poisoned event, not a good one";
}

}  // namespace
}  // namespace twinsync
