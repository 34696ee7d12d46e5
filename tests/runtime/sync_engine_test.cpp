// The sync engine between two embedded trackers over the real connector path: creation and the
// link back, field edits both ways, status through value maps and workflows, comments without
// duplicates or echoes, errors that park one twin, pause, and the conflict policies.
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "tests/support/two_trackers.h"

namespace twinsync::sync_engine_test {
namespace {

using testkit::TwoSides;

const char* kBlue = R"(
connection qa { local "BLUE" remote "GREEN" }
trigger bugs on issue where project = BLUE AND labels = sync
outgoing {
  replica.key = issue.key
  replica.type = issue.type
  replica.summary = issue.summary
  replica.description = issue.description
  replica.priority = issue.priority
  replica.comments = issue.comments where not .internal
  replica.attachments = issue.attachments
}
incoming {
  if firstSync { skip }
  issue.status = statusMap[replica.status] else keep
  issue.comments = merge(issue.comments, replica.comments)
}
map statusMap { "To Do" <- "To Do"  "In Progress" <- "In Progress"  "In Progress" <- "In Review"  "Done" <- "Done" }
)";

const char* kGreen = R"(
connection dev { local "GREEN" remote "BLUE" project "GREEN" }
incoming {
  if firstSync { issue.type = "Bug"  issue.labels = ["from-qa"] }
  issue.summary = replica.summary
  issue.description = replica.description
  issue.priority = replica.priority
  issue.comments = merge(issue.comments, replica.comments)
  issue.attachments = merge(issue.attachments, replica.attachments)
}
outgoing {
  replica.key = issue.key
  replica.status = issue.status
  replica.comments = issue.comments where not .internal
}
)";

std::string text(const Value& issue, IssueSlot s) {
  const Value& v = issue.field(slot(s));
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

size_t count(const Value& issue, IssueSlot s) {
  const Value& v = issue.field(slot(s));
  return v.is_list() ? v.as_list().size() : 0;
}

TEST(SyncEngine, TriggeredIssueIsCreatedOnTheOtherSideAndLinkedBack) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Checkout crashes"}, {"labels", {"sync"}}, {"priority", {{"name", "High"}}}});
  auto r = w.blue.engine->local_change(key);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->kind, sync::StepResult::Sent);
  w.pump();
  auto blue_twin = w.twin(w.blue, key);
  ASSERT_TRUE(blue_twin && blue_twin->remote_key);
  EXPECT_EQ(blue_twin->state, store::TwinState::Synchronized);
  const Value green = w.issue(w.green, *blue_twin->remote_key);
  EXPECT_EQ(text(green, IssueSlot::Summary), "Checkout crashes");
  EXPECT_EQ(text(green, IssueSlot::Priority), "High");
  EXPECT_EQ(text(green, IssueSlot::Project), "GREEN");
  auto green_twin = w.twin(w.green, *blue_twin->remote_key);
  ASSERT_TRUE(green_twin);
  EXPECT_EQ(green_twin->remote_key, key);
}

TEST(SyncEngine, UntriggeredIssuesStayHomeUntilExalated) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Local only"}});
  auto r = w.blue.engine->local_change(key);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, sync::StepResult::Nothing);
  EXPECT_FALSE(w.twin(w.blue, key));
  auto e = w.blue.engine->exalate(key);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, sync::StepResult::Sent);
  w.pump();
  EXPECT_TRUE(w.twin(w.blue, key)->remote_key);
}

TEST(SyncEngine, EditsFlowBothWaysAndNothingPingPongs) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "First"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  w.edit(w.blue, key, {{"summary", "Second"}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  EXPECT_EQ(text(w.issue(w.green, green_key), IssueSlot::Summary), "Second");
  // The status flows back, through the value map.
  auto moved = w.green.port->client().move_to_status(green_key, "In Review", *std::make_unique<jira::WantedChanges>());
  ASSERT_TRUE(moved) << moved.error().message;
  ASSERT_TRUE(w.green.engine->local_change(green_key));
  w.pump();
  EXPECT_EQ(text(w.issue(w.blue, key), IssueSlot::Status), "In Progress");
  // Quiet: running the outgoing sides again sends nothing.
  EXPECT_EQ(w.blue.engine->local_change(key)->kind, sync::StepResult::Nothing);
  EXPECT_EQ(w.green.engine->local_change(green_key)->kind, sync::StepResult::Nothing);
}

TEST(SyncEngine, CommentsSyncOnceEachWayWithTheirAuthorNamed) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Comments"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.port->add_comment(key, "seen on iOS", Value(), false));
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  ASSERT_TRUE(w.green.port->add_comment(green_key, "fixed in build 42", Value(), false));
  ASSERT_TRUE(w.green.engine->local_change(green_key));
  w.pump();
  w.pump();
  const Value blue = w.issue(w.blue, key);
  const Value green = w.issue(w.green, green_key);
  EXPECT_EQ(count(blue, IssueSlot::Comments), 2u);   // its own and the developer's
  EXPECT_EQ(count(green, IssueSlot::Comments), 2u);  // QA's copy and its own
  const std::string copied = text(green.field(slot(IssueSlot::Comments)).as_list()[0], IssueSlot::Key);
  const Value& first = green.field(slot(IssueSlot::Comments)).as_list()[0];
  EXPECT_NE(std::string(first.field(slot(CommentSlot::Body)).as_string()).find("seen on iOS"), std::string::npos);
  EXPECT_NE(std::string(first.field(slot(CommentSlot::Body)).as_string()).find("said:"), std::string::npos);
  (void)copied;
}

// The header of a synced comment is the connection's choice (`commentFormat`); the copy is
// recognised by it, so a second sync neither duplicates nor echoes it.
TEST(SyncEngine, TheRuleFileChoosesTheHeaderOfSyncedComments) {
  std::string green_rules = kGreen;
  const std::string plain = R"(connection dev { local "GREEN" remote "BLUE" project "GREEN" })";
  green_rules.replace(green_rules.find(plain), plain.size(),
                      R"(connection dev { local "GREEN" remote "BLUE" project "GREEN" commentFormat "{author} wrote on BLUE:\n{body}" })");
  TwoSides w(kBlue, green_rules);
  const std::string key = w.create(w.blue, {{"summary", "Headers"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.port->add_comment(key, "seen on iOS", Value(), false));
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  ASSERT_TRUE(w.green.port->add_comment(green_key, "fixed", Value(), false));
  ASSERT_TRUE(w.green.engine->local_change(green_key));
  w.pump();
  ASSERT_TRUE(w.blue.engine->local_change(key));
  ASSERT_TRUE(w.green.engine->local_change(green_key));
  w.pump();
  const Value green = w.issue(w.green, green_key);
  ASSERT_EQ(count(green, IssueSlot::Comments), 2u);
  const std::string copy(green.field(slot(IssueSlot::Comments)).as_list()[0].field(slot(CommentSlot::Body)).as_string());
  EXPECT_EQ(copy.rfind("Administrator wrote on BLUE:\n", 0), 0u) << copy;
  EXPECT_NE(copy.find("seen on iOS"), std::string::npos) << copy;
  EXPECT_EQ(copy.find("said:"), std::string::npos) << copy;
  EXPECT_EQ(count(w.issue(w.blue, key), IssueSlot::Comments), 2u);  // no echo of the copy
}

// A trigger that asks the tracker (membersOf()) syncs what the tracker's answer admits; when the
// tracker cannot answer, the change is an error to retry, never taken as "not matched".
TEST(SyncEngine, ATriggerAsksTheTrackerAndAFailedAnswerIsAnErrorNotANoMatch) {
  std::string blue_rules = kBlue;
  const std::string plain = "trigger bugs on issue where project = BLUE AND labels = sync";
  blue_rules.replace(blue_rules.find(plain), plain.size(),
                     "trigger bugs on issue where project = BLUE AND labels = sync AND reporter in membersOf(jira-users)\n"
                     "trigger team on issue where project = BLUE AND labels = team AND reporter in membersOf(\"no-such-group\")");
  TwoSides w(blue_rules, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Reported by a user"}, {"labels", {"sync"}}});
  auto synced = w.blue.engine->local_change(key);
  ASSERT_TRUE(synced) << synced.error().message;
  EXPECT_EQ(synced->kind, sync::StepResult::Sent);
  const std::string other = w.create(w.blue, {{"summary", "For a group the tracker lacks"}, {"labels", {"team"}}});
  auto refused = w.blue.engine->local_change(other);
  ASSERT_FALSE(refused) << "an unanswerable trigger is not a no-match";
  EXPECT_NE(refused.error().message.find("membersOf(no-such-group)"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("no group"), std::string::npos) << refused.error().message;
}

TEST(SyncEngine, ARuleErrorParksOneTwinOthersFlowAndRetryResumes) {
  const std::string green_rules = std::string(kGreen).replace(std::string(kGreen).find("issue.summary = replica.summary"),
                                                               31, "issue.summary = replica.summary\n  if replica.summary == \"poison\" { error \"poisoned: {replica.key}\" }");
  TwoSides w(kBlue, green_rules);
  const std::string bad = w.create(w.blue, {{"summary", "poison"}, {"labels", {"sync"}}});
  const std::string good = w.create(w.blue, {{"summary", "fine"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(bad));
  ASSERT_TRUE(w.blue.engine->local_change(good));
  w.pump();
  EXPECT_TRUE(w.twin(w.blue, good)->remote_key);   // the good one went through
  EXPECT_FALSE(w.twin(w.blue, bad)->remote_key);   // the bad one is parked on green
  auto tx = w.green.store->begin();
  auto errors = w.green.store->open_errors(*tx);
  (void)tx->commit();
  ASSERT_TRUE(errors);
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_NE((*errors)[0].message.find("poisoned: " + bad), std::string::npos);
  // Fix the data, retry: the twin resumes in order.
  w.edit(w.blue, bad, {{"summary", "cured"}});
  ASSERT_TRUE(w.blue.engine->local_change(bad));
  ASSERT_TRUE(w.green.engine->resolve((*errors)[0].id));
  w.pump();
  ASSERT_TRUE(w.twin(w.blue, bad)->remote_key);
  EXPECT_EQ(text(w.issue(w.green, *w.twin(w.blue, bad)->remote_key), IssueSlot::Summary), "cured");
}

TEST(SyncEngine, APausedConnectionQueuesAndResumes) {
  TwoSides w(kBlue, kGreen);
  ASSERT_TRUE(w.blue.engine->pause());
  const std::string key = w.create(w.blue, {{"summary", "Queued"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  EXPECT_FALSE(w.twin(w.blue, key)->remote_key);
  ASSERT_TRUE(w.blue.engine->resume());
  w.pump();
  EXPECT_TRUE(w.twin(w.blue, key)->remote_key);
}

TEST(SyncEngine, ReplayedEventsApplyOnce) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Once"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.port->add_comment(key, "only once", Value(), false));
  ASSERT_TRUE(w.blue.engine->local_change(key));
  auto events = w.blue.engine->pending_outbound(10);
  ASSERT_TRUE(events);
  // Deliver the same events three times before anything is applied, and again afterwards.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(w.green.engine->accept(*events));
  w.pump();
  ASSERT_TRUE(w.green.engine->accept(*events));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  EXPECT_EQ(count(w.issue(w.green, green_key), IssueSlot::Comments), 1u);
  auto found = w.green.port->search_keys("project = GREEN");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->size(), 1u);
}

TEST(SyncEngine, AnApplyAnnouncesTheIssueItWritesAndAlwaysClosesTheWindow) {
  TwoSides w(kBlue, kGreen);
  std::vector<std::pair<std::string, bool>> seen;
  w.green.engine->on_local_writes([&](const std::string& key, bool begin) { seen.emplace_back(key, begin); });
  const std::string key = w.create(w.blue, {{"summary", "Watched"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.port->add_comment(key, "a first note", Value(), false));
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  // The create announces the new issue once it has a key, and closes it after the last write.
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(green_key, true));
  EXPECT_EQ(seen[1], std::make_pair(green_key, false));

  seen.clear();
  w.edit(w.blue, key, {{"summary", "Watched again"}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  EXPECT_EQ(text(w.issue(w.green, green_key), IssueSlot::Summary), "Watched again");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(green_key, true));
  EXPECT_EQ(seen[1], std::make_pair(green_key, false));
}

TEST(SyncEngine, BulkSendsEveryMatchingIssueOnceInGroupsAndAgainSendsNothingTwice) {
  TwoSides w(kBlue, kGreen);
  constexpr size_t kMatching = 70;  // three groups of the bulk's 32
  for (size_t i = 0; i < kMatching; ++i) w.create(w.blue, {{"summary", "bulk " + std::to_string(i)}, {"labels", {"sync"}}});
  w.create(w.blue, {{"summary", "not for the other side"}});
  std::vector<std::pair<size_t, size_t>> progress;
  const int64_t requests_before = w.blue.port->client().requests_sent();
  auto queued = w.blue.engine->bulk("bugs", [&](size_t done, size_t total) { progress.emplace_back(done, total); });
  ASSERT_TRUE(queued) << queued.error().message;
  EXPECT_EQ(*queued, kMatching);
  // One search for the keys and one read per group of 32, not one GET per issue (70).
  EXPECT_LE(w.blue.port->client().requests_sent() - requests_before, 6);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), std::make_pair(kMatching, kMatching));
  EXPECT_EQ(progress.size(), 3u) << "progress is reported once per group";
  w.pump();
  auto green = w.green.port->search_keys("project = GREEN");
  ASSERT_TRUE(green);
  EXPECT_EQ(green->size(), kMatching);

  // Again: every twin exists, so nothing new is made on the other side.
  ASSERT_TRUE(w.blue.engine->bulk("bugs"));
  w.pump();
  green = w.green.port->search_keys("project = GREEN");
  ASSERT_TRUE(green);
  EXPECT_EQ(green->size(), kMatching);

  auto unknown = w.blue.engine->bulk("no_such_trigger");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("no_such_trigger"), std::string::npos);
}

}  // namespace
}  // namespace twinsync::sync_engine_test
