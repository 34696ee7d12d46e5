// Group commit on the outgoing side: several changes in one store transaction, each in its own
// savepoint. A change that fails (a rule error, a full disk) is undone alone; the others commit;
// nothing is sent twice when the batch runs again.
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/schema/shapes.h"
#include "runtime/sqlite/sqlite.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync::sync_batch_test {
namespace {

using testkit::TwoSides;

namespace rules = testkit::rules;

const std::string kBlue =
    rules::blue() + rules::bug_trigger() +
    rules::outgoing({"key", "summary", "description"}, R"(if issue.summary == "poison" { error "poisoned: {issue.key}" })") +
    rules::incoming({}, rules::kSkipFirstSync);

const std::string kGreen = rules::green() + rules::incoming({"summary", "description"}, rules::kCreateBug) +
                           rules::outgoing({"key"});

std::string summary(TwoSides& w, testkit::Side& s, const std::string& key) {
  const Value issue = w.issue(s, key);
  const Value& v = issue.field(slot(IssueSlot::Summary));
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

int64_t outbox_rows(testkit::Side& s) {
  auto db = sqlite::Database::open(s.db_path);
  auto st = db->prepare("SELECT COUNT(*) FROM outbox WHERE kind = 'replica'");
  EXPECT_TRUE(st && *st->step());
  return st->int64(0);
}

std::vector<Value> read(TwoSides& w, const std::vector<std::string>& keys) {
  std::vector<Value> out;
  for (const auto& k : keys) out.push_back(w.issue(w.blue, k));
  return out;
}

TEST(SyncBatch, ChangesOfOneBatchCommitTogetherAndEachIsSentOnce) {
  TwoSides w(kBlue, kGreen);
  std::vector<std::string> keys;
  for (int i = 0; i < 5; ++i) keys.push_back(w.create(w.blue, {{"summary", "issue number " + std::to_string(i)}, {"labels", {"sync"}}}));
  keys.push_back(w.create(w.blue, {{"summary", "not for sync"}}));  // no trigger matches
  auto r = w.blue.engine->outgoing_batch(read(w, keys));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 6u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ((*r)[static_cast<size_t>(i)]->kind, sync::StepResult::Sent) << i;
  EXPECT_EQ((*r)[5]->kind, sync::StepResult::Nothing);
  EXPECT_FALSE(w.twin(w.blue, keys[5]));
  w.pump();
  for (int i = 0; i < 5; ++i) {
    auto t = w.twin(w.blue, keys[static_cast<size_t>(i)]);
    ASSERT_TRUE(t && t->remote_key);
    EXPECT_EQ(summary(w, w.green, *t->remote_key), "issue number " + std::to_string(i));
  }
  // The same batch again: nothing changed, nothing sent.
  const int64_t rows = outbox_rows(w.blue);
  r = w.blue.engine->outgoing_batch(read(w, keys));
  ASSERT_TRUE(r);
  for (const auto& one : *r) EXPECT_EQ(one->kind, sync::StepResult::Nothing);
  EXPECT_EQ(outbox_rows(w.blue), rows);
}

TEST(SyncBatch, ARuleErrorParksItsTwinAndTheOthersCommit) {
  TwoSides w(kBlue, kGreen);
  std::vector<std::string> keys;
  for (const char* s : {"fine one", "poison", "fine two"}) keys.push_back(w.create(w.blue, {{"summary", s}, {"labels", {"sync"}}}));
  auto r = w.blue.engine->outgoing_batch(read(w, keys));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ((*r)[0]->kind, sync::StepResult::Sent);
  EXPECT_EQ((*r)[1]->kind, sync::StepResult::Parked);
  EXPECT_NE((*r)[1]->message.find("poisoned: " + keys[1]), std::string::npos) << (*r)[1]->message;
  EXPECT_EQ((*r)[2]->kind, sync::StepResult::Sent);
  EXPECT_EQ(w.twin(w.blue, keys[1])->state, store::TwinState::Blocked);
  auto tx = w.blue.store->begin();
  auto errors = w.blue.store->open_errors(*tx);
  ASSERT_TRUE(errors);
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].direction, "outgoing");
  EXPECT_EQ(*w.blue.store->count_pending_outbox(*tx, w.blue.engine->id()), 2);
}

TEST(SyncBatch, AFullDiskUndoesTheBatchAndItRunsAgainOnce) {
  TwoSides w(kBlue, kGreen);
  std::vector<std::string> keys;
  for (int i = 0; i < 4; ++i) keys.push_back(w.create(w.blue, {{"summary", "small " + std::to_string(i)}, {"labels", {"sync"}}}));
  ASSERT_TRUE(w.blue.engine->outgoing_batch(read(w, keys)));
  w.pump();
  const int64_t rows = outbox_rows(w.blue);
  int64_t page_count = 0;
  {
    auto db = sqlite::Database::open(w.blue.db_path);
    auto st = db->prepare("PRAGMA page_count");
    ASSERT_TRUE(st && *st->step());
    page_count = st->int64(0);
  }
  for (size_t i = 0; i < keys.size(); ++i) w.edit(w.blue, keys[i], {{"description", std::string(20000, static_cast<char>('a' + i))}});
  ASSERT_TRUE(w.blue.store->limit_pages(page_count));
  auto r = w.blue.engine->outgoing_batch(read(w, keys));
  // Either every change failed in its slot or the whole batch did: nothing was written.
  if (r) {
    for (const auto& one : *r) {
      ASSERT_FALSE(one);
      EXPECT_EQ(one.error().kind, ErrorKind::DiskFull) << one.error().message;
    }
  } else {
    EXPECT_EQ(r.error().kind, ErrorKind::DiskFull) << r.error().message;
  }
  EXPECT_EQ(outbox_rows(w.blue), rows);
  ASSERT_TRUE(w.blue.store->limit_pages(1 << 30));
  r = w.blue.engine->outgoing_batch(read(w, keys));
  ASSERT_TRUE(r) << r.error().message;
  for (const auto& one : *r) EXPECT_EQ(one->kind, sync::StepResult::Sent);
  EXPECT_EQ(outbox_rows(w.blue), rows + 4);
  for (const auto& k : keys) EXPECT_EQ(w.twin(w.blue, k)->out_seq, 2);
}

// Not a batch: an outgoing rule error parks the twin. (park() used to begin a transaction while
// the outgoing side still held one: the store's mutex, locked twice by one thread, hung it.)
TEST(SyncOutgoing, ARuleErrorParksTheTwinInsteadOfHanging) {
  TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "poison"}, {"labels", {"sync"}}});
  auto r = w.blue.engine->local_change(key);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->kind, sync::StepResult::Parked);
  EXPECT_EQ(w.twin(w.blue, key)->state, store::TwinState::Blocked);
  w.edit(w.blue, key, {{"summary", "cured"}});
  auto again = w.blue.engine->local_change(key);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->kind, sync::StepResult::Sent);
}

// The test world's stores live in folders of their own, removed afterwards: a store left by an
// earlier process (pids repeat) once held twins of issues a later world's trackers lacked.
TEST(SyncBatch, EachWorldStartsFromAnEmptyStoreOfItsOwn) {
  std::filesystem::path folder;
  {
    TwoSides a(kBlue, kGreen), b(kBlue, kGreen);
    EXPECT_NE(a.blue.db_path, b.blue.db_path);
    EXPECT_NE(std::filesystem::path(a.blue.db_path).parent_path(), std::filesystem::path(a.green.db_path).parent_path());
    EXPECT_FALSE(a.twin(a.blue, "BLUE-1"));
    folder = std::filesystem::path(a.blue.db_path).parent_path();
    EXPECT_TRUE(std::filesystem::exists(folder));
  }
  EXPECT_FALSE(std::filesystem::exists(folder));
}

}  // namespace
}  // namespace twinsync::sync_batch_test
