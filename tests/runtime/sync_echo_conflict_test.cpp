// A field synced both ways, edited a hundred times on alternating sides: every edit is sent once
// and only once (no echo, no ping-pong) and both sides end equal. And a field both sides changed
// since the last sync, under each conflict policy: remote wins, local wins, newest wins, error
// (the twin is parked with its cause).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "compiler/schema/shapes.h"
#include "runtime/node/local_link.h"
#include "runtime/sqlite/sqlite.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync {
namespace {

using testkit::Side;
using testkit::TwoSides;

namespace rules = testkit::rules;

// The conflict tests send `updated` too: newest-wins compares it with the local issue's.
const std::string kBlue = rules::blue() + rules::bug_trigger() +
                          rules::outgoing({"key", "summary", "description", "updated"}) +
                          rules::incoming({"summary", "description"}, rules::kSkipFirstSync);

const std::string kGreen = rules::green() + rules::incoming({"summary", "description"}, rules::kCreateBug) +
                           rules::outgoing({"key", "summary", "description", "updated"});

// The echo test without `updated`: a field the sync's own write changes would be sent again.
const std::string kBlueEcho = rules::blue() + rules::bug_trigger() +
                              rules::outgoing({"key", "summary", "description"}) +
                              rules::incoming({"summary", "description"}, rules::kSkipFirstSync);

const std::string kGreenEcho = rules::green() + rules::incoming({"summary", "description"}, rules::kCreateBug) +
                               rules::outgoing({"key", "summary", "description"});

std::string summary(TwoSides& w, Side& s, const std::string& key) {
  const Value issue = w.issue(s, key);
  const Value& v = issue.field(slot(IssueSlot::Summary));
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

// Replica events a side ever wrote to its outbox (delivered or not).
int64_t replicas_sent(Side& s) {
  auto db = sqlite::Database::open(s.db_path);
  EXPECT_TRUE(db);
  auto st = db->prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'replica'");
  EXPECT_TRUE(st && *st->step());
  return st->int64(0);
}

struct Pair {
  std::string blue_key, green_key;
};

Pair synced_issue(TwoSides& w) {
  Pair p;
  p.blue_key = w.create(w.blue, {{"summary", "start"}, {"labels", {"sync"}}});
  EXPECT_TRUE(w.blue.engine->local_change(p.blue_key));
  w.pump();
  auto twin = w.twin(w.blue, p.blue_key);
  EXPECT_TRUE(twin && twin->remote_key);
  if (twin && twin->remote_key) p.green_key = *twin->remote_key;
  EXPECT_EQ(summary(w, w.green, p.green_key), "start");
  return p;
}

TEST(SyncEcho, AHundredEditsOnAlternatingSidesAreEachSentOnceAndConverge) {
  TwoSides w(kBlueEcho, kGreenEcho);
  const Pair p = synced_issue(w);
  w.pump();
  const int64_t blue_before = replicas_sent(w.blue), green_before = replicas_sent(w.green);
  for (int i = 0; i < 100; ++i) {
    const bool on_blue = i % 2 == 0;
    Side& side = on_blue ? w.blue : w.green;
    const std::string& key = on_blue ? p.blue_key : p.green_key;
    const std::string text = "edit " + std::to_string(i) + (on_blue ? " on blue" : " on green");
    w.edit(side, key, {{"summary", text}});
    auto r = side.engine->local_change(key);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->kind, sync::StepResult::Sent) << "edit " << i;
    w.pump();
    ASSERT_EQ(summary(w, w.blue, p.blue_key), text) << "edit " << i;
    ASSERT_EQ(summary(w, w.green, p.green_key), text) << "edit " << i;
  }
  // One replica per real edit, on the side that made it: the sync's own writes sent nothing back.
  EXPECT_EQ(replicas_sent(w.blue) - blue_before, 50);
  EXPECT_EQ(replicas_sent(w.green) - green_before, 50);
  // And quiet afterwards.
  EXPECT_EQ(w.pump(), 0u);
  EXPECT_EQ(w.blue.engine->local_change(p.blue_key)->kind, sync::StepResult::Nothing);
  EXPECT_EQ(w.green.engine->local_change(p.green_key)->kind, sync::StepResult::Nothing);
}

// A read of green's issue taken before an apply wrote to it (a webhook's read in flight, or one
// taken between two transitions) reaches the outgoing side after the apply: sent, it would carry
// the value the apply overwrote back to blue. The write generation tells it apart: nothing is
// sent and the issue is asked to be read again.
TEST(SyncEcho, AReadFromBeforeAnApplysWriteIsNotSentBack) {
  TwoSides w(kBlueEcho, kGreenEcho);
  const Pair p = synced_issue(w);
  w.pump();
  std::vector<std::string> asked;
  w.green.engine->on_local_change_needed([&](const std::string& key) { asked.push_back(key); });
  const uint64_t since = w.green.engine->write_generation();
  const Value before_the_write = w.issue(w.green, p.green_key);
  w.edit(w.blue, p.blue_key, {{"summary", "blue's new"}});
  ASSERT_TRUE(w.blue.engine->local_change(p.blue_key));
  auto moved = node::deliver(*w.blue.engine, *w.green.engine);
  ASSERT_TRUE(moved && *moved == 1u);
  ASSERT_TRUE(w.green.engine->apply_ready(100));
  ASSERT_EQ(summary(w, w.green, p.green_key), "blue's new");
  const int64_t green_before = replicas_sent(w.green);

  auto r = w.green.engine->outgoing_batch({before_the_write}, false, since);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE((*r)[0]) << (*r)[0].error().message;
  EXPECT_EQ((*r)[0]->kind, sync::StepResult::Nothing);
  EXPECT_EQ(replicas_sent(w.green), green_before);
  EXPECT_EQ(asked, std::vector<std::string>{p.green_key});
  // The read asked for sees the apply's write, which is no change of green's to send.
  auto again = w.green.engine->local_change(p.green_key);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->kind, sync::StepResult::Nothing);
  w.pump();
  EXPECT_EQ(summary(w, w.blue, p.blue_key), "blue's new");
}

// Both sides change the summary: green first, then blue; blue's change reaches green before
// green's own change was sent. Green's policy decides. Returns what green shows right after.
struct ConflictRun {
  std::unique_ptr<TwoSides> w;
  Pair p;
  std::string green_after;
};

ConflictRun conflict(sync::ConflictPolicy policy, bool green_edits_last = false) {
  sync::EngineOptions green_options;
  green_options.conflicts.fallback = policy;
  ConflictRun run;
  run.w = std::make_unique<TwoSides>(kBlue, kGreen, sync::EngineOptions{}, green_options);
  TwoSides& w = *run.w;
  run.p = synced_issue(w);
  auto edit_green = [&] { w.edit(w.green, run.p.green_key, {{"summary", "green's"}}); };
  auto edit_blue = [&] { w.edit(w.blue, run.p.blue_key, {{"summary", "blue's"}}); };
  // Timestamps a few milliseconds apart, so that "newest" has an answer.
  if (green_edits_last) {
    edit_blue();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    edit_green();
  } else {
    edit_green();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    edit_blue();
  }
  auto sent = w.blue.engine->local_change(run.p.blue_key);
  EXPECT_TRUE(sent && sent->kind == sync::StepResult::Sent);
  auto moved = node::deliver(*w.blue.engine, *w.green.engine);
  EXPECT_TRUE(moved && *moved == 1u);
  auto applied = w.green.engine->apply_ready(100);
  EXPECT_TRUE(applied) << applied.error().message;
  run.green_after = summary(w, w.green, run.p.green_key);
  return run;
}

// One more round, and both sides hold `text`.
void expect_both_settle_on(ConflictRun& run, const std::string& text) {
  run.w->pump();
  EXPECT_EQ(summary(*run.w, run.w->blue, run.p.blue_key), text);
  EXPECT_EQ(summary(*run.w, run.w->green, run.p.green_key), text);
}

TEST(SyncConflict, RemoteWins) {
  auto run = conflict(sync::ConflictPolicy::RemoteWins);
  EXPECT_EQ(run.green_after, "blue's");
  expect_both_settle_on(run, "blue's");
}

TEST(SyncConflict, LocalWins) {
  auto run = conflict(sync::ConflictPolicy::LocalWins);
  EXPECT_EQ(run.green_after, "green's");
  // Green's own change then goes out as usual and blue takes it: both end with green's.
  expect_both_settle_on(run, "green's");
}

TEST(SyncConflict, NewestWinsTakesTheLaterEditEitherWay) {
  auto remote_newer = conflict(sync::ConflictPolicy::NewestWins, false);
  EXPECT_EQ(remote_newer.green_after, "blue's");
  auto local_newer = conflict(sync::ConflictPolicy::NewestWins, true);
  EXPECT_EQ(local_newer.green_after, "green's");
  for (ConflictRun* run : {&remote_newer, &local_newer}) expect_both_settle_on(*run, run->green_after);
}

TEST(SyncConflict, ErrorParksTheTwinWithItsCause) {
  auto run = conflict(sync::ConflictPolicy::Error);
  TwoSides& w = *run.w;
  EXPECT_EQ(run.green_after, "green's");  // nothing written
  auto twin = w.twin(w.green, run.p.green_key);
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->state, store::TwinState::Blocked);
  EXPECT_NE(twin->reason.find("both sides changed summary"), std::string::npos) << twin->reason;
  auto tx = w.green.store->begin();
  auto errors = w.green.store->open_errors(*tx);
  ASSERT_TRUE(errors);
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].kind, "conflict");
  EXPECT_EQ((*errors)[0].direction, "incoming");
  EXPECT_EQ(*w.green.store->count_pending_inbox(*tx, w.green.engine->id()), 0);
}

}  // namespace
}  // namespace twinsync
