// The sync store against files it must not trust: random bytes, a truncated store, a database of
// another application, a store from a newer twinsync. Each is refused with an error naming the
// file and what is wrong, and the file is left byte for byte as it was. A full disk (simulated
// with PRAGMA max_page_count) fails one change cleanly: rolled back, the rest intact, and the
// same change goes through once the disk has room.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "compiler/schema/shapes.h"
#include "runtime/node/local_link.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/store/schema.h"
#include "runtime/store/sync_store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/rule_texts.h"
#include "tests/support/two_trackers.h"

namespace twinsync {
namespace {

using testkit::TempDir;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A store with some twins and an outbox, closed (checkpointed) so the main file holds everything.
void make_store(const std::string& path, int twins = 50) {
  auto s = store::SyncStore::open(path);
  ASSERT_TRUE(s) << s.error().message;
  auto tx = (*s)->begin();
  ASSERT_TRUE(tx);
  auto c = (*s)->ensure_connection(*tx, "qa");
  ASSERT_TRUE(c);
  for (int i = 0; i < twins; ++i) {
    store::Twin t;
    t.connection = c->id;
    t.local_key = "QA-" + std::to_string(i);
    t.state = store::TwinState::Waiting;
    t.sent = Value::string(std::string(300, static_cast<char>('a' + i % 26)));
    ASSERT_TRUE((*s)->insert_twin(*tx, t));
    ASSERT_TRUE((*s)->append_outbox(*tx, c->id, "replica", *t.local_key, 1, std::string(200, 'p')));
  }
  ASSERT_TRUE(tx->commit());
}

// Opens `path` as a sync store and expects a refusal of `kind` whose message names the file and
// contains `what`; the file (and no -wal or -shm next to it) is as it was before.
void expect_refused(const std::string& path, const std::string& kind, const std::string& what) {
  const std::string before = read_all(path);
  auto s = store::SyncStore::open(path);
  ASSERT_FALSE(s) << path << " was opened";
  EXPECT_EQ(error_kind_name(s.error().kind), kind) << s.error().message;
  EXPECT_NE(s.error().message.find("store " + path + ": "), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find(what), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().message.find('\n'), std::string::npos) << "one line: " << s.error().message;
  EXPECT_TRUE(read_all(path) == before) << path << " changed";
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(StoreRobustness, NewStoresCarryTwinsyncsApplicationId) {
  TempDir dir;
  make_store(dir.file("a.db"), 1);
  auto db = sqlite::Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  auto st = db->prepare("PRAGMA application_id");
  ASSERT_TRUE(st && *st->step());
  EXPECT_EQ(st->int64(0), store::SyncStore::kApplicationId);
  // And a store opens again, as often as it likes.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store::SyncStore::open(dir.file("a.db")));
}

TEST(StoreRobustness, RandomBytesAreRefused) {
  TempDir dir;
  std::mt19937 rng(42);
  std::string junk(64 * 1024, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  write_all(dir.file("random.db"), junk);
  expect_refused(dir.file("random.db"), "not_a_database", "not a SQLite database");
  write_all(dir.file("tiny.db"), "SQLite format 3");  // a header cut short
  expect_refused(dir.file("tiny.db"), "not_a_database", "not a SQLite database");
}

TEST(StoreRobustness, ATruncatedStoreIsRefusedAsDamaged) {
  TempDir dir;
  make_store(dir.file("full.db"), 400);
  const std::string whole = read_all(dir.file("full.db"));
  ASSERT_GT(whole.size(), 40000u);
  // Cut at a page boundary and in the middle of a page: both are a store that lost its tail.
  for (size_t cut : {whole.size() / 2 / 4096 * 4096, whole.size() / 3 + 123}) {
    write_all(dir.file("cut.db"), whole.substr(0, cut));
    expect_refused(dir.file("cut.db"), "corrupt", "damaged");
  }
}

TEST(StoreRobustness, OverwrittenPagesAreFoundByQuickCheck) {
  TempDir dir;
  make_store(dir.file("a.db"), 400);
  std::string bytes = read_all(dir.file("a.db"));
  std::mt19937 rng(7);
  // Scribble over the middle pages, leaving the header and the schema page intact.
  for (size_t i = 3 * 4096; i < bytes.size() - 4096; ++i) bytes[i] = static_cast<char>(rng());
  write_all(dir.file("a.db"), bytes);
  expect_refused(dir.file("a.db"), "corrupt", "damaged");
}

TEST(StoreRobustness, ADatabaseOfAnotherApplicationIsRefused) {
  TempDir dir;
  {
    // Another program's database: its own tables, its own user_version, no application id.
    auto db = sqlite::Database::open(dir.file("other.db"), {.synchronous = sqlite::Synchronous::Normal, .wal = false});
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("CREATE TABLE recipe(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipe(name) VALUES('bread');"
                         "PRAGMA user_version = 3"));
  }
  expect_refused(dir.file("other.db"), "foreign", "another application");
  {
    // One with an application id of its own (and even tables named like ours).
    auto db = sqlite::Database::open(dir.file("fossil.db"));
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("CREATE TABLE twin(x); CREATE TABLE outbox(x); CREATE TABLE inbox(x); "
                         "CREATE TABLE connection(x); PRAGMA application_id = 252008977"));
  }
  expect_refused(dir.file("fossil.db"), "foreign", "application_id 0x0f055a11");
  {
    // Only a user_version, no tables at all.
    auto db = sqlite::Database::open(dir.file("bare.db"), {.synchronous = sqlite::Synchronous::Normal, .wal = false});
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA user_version = 7"));
  }
  expect_refused(dir.file("bare.db"), "foreign", "another application");
}

TEST(StoreRobustness, AStoreFromANewerTwinsyncIsRefused) {
  TempDir dir;
  make_store(dir.file("a.db"), 5);
  {
    auto db = sqlite::Database::open(dir.file("a.db"));
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("PRAGMA user_version = 9"));
  }
  const int latest = static_cast<int>(store::migrations().size());
  expect_refused(dir.file("a.db"), "schema_too_new",
                 "schema version 9 is newer than this twinsync (knows " + std::to_string(latest) + "); upgrade twinsync");
}

TEST(StoreRobustness, AStoreFromBeforeTheApplicationIdStillOpens) {
  TempDir dir;
  make_store(dir.file("a.db"), 3);
  {
    auto db = sqlite::Database::open(dir.file("a.db"));
    ASSERT_TRUE(db->exec("PRAGMA application_id = 0"));
  }
  auto s = store::SyncStore::open(dir.file("a.db"));
  ASSERT_TRUE(s) << s.error().message;
  auto tx = (*s)->begin();
  auto c = (*s)->ensure_connection(*tx, "qa");
  ASSERT_TRUE(c);
  EXPECT_EQ((*s)->twins(*tx, c->id)->size(), 3u);
}

// --- a full disk

const std::string kBlue = testkit::rules::blue() + testkit::rules::bug_trigger() +
                          testkit::rules::outgoing({"key", "summary", "description"}) +
                          testkit::rules::incoming({}, testkit::rules::kSkipFirstSync);

const std::string kGreen = testkit::rules::green() +
                           testkit::rules::incoming({"summary", "description"}, testkit::rules::kCreateBug) +
                           testkit::rules::outgoing({"key"});

int64_t pages(store::SyncStore& s) {
  auto db = sqlite::Database::open(s.path());
  auto st = db->prepare("PRAGMA page_count");
  EXPECT_TRUE(st && *st->step());
  return st->int64(0);
}

std::string description_of(testkit::TwoSides& w, testkit::Side& side, const std::string& key) {
  const Value issue = w.issue(side, key);
  const Value& v = issue.field(slot(IssueSlot::Description));
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

TEST(StoreRobustness, AFullDiskFailsOneChangeCleanlyAndItGoesThroughOnceThereIsRoom) {
  testkit::TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Small"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  const store::Twin before = *w.twin(w.blue, key);
  size_t history_before = 0;
  {
    auto tx = w.blue.store->begin();
    history_before = w.blue.store->history(*tx, before.id)->size();
  }

  // The disk is full: not one more page fits. A large edit needs new pages.
  ASSERT_TRUE(w.blue.store->limit_pages(pages(*w.blue.store)));
  const std::string big(60000, 'x');
  w.edit(w.blue, key, {{"description", big}});
  auto r = w.blue.engine->local_change(key);
  ASSERT_FALSE(r) << "a change went through a full disk";
  EXPECT_EQ(r.error().kind, ErrorKind::DiskFull);
  EXPECT_NE(r.error().message.find("store " + w.blue.db_path + ": disk full"), std::string::npos) << r.error().message;

  // Rolled back: the twin and the outbox are as before, and everything reads.
  auto after = w.twin(w.blue, key);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->out_seq, before.out_seq);
  EXPECT_TRUE(after->sent == before.sent);
  {
    auto tx = w.blue.store->begin();
    ASSERT_TRUE(tx);
    EXPECT_EQ(*w.blue.store->count_pending_outbox(*tx, w.blue.engine->id()), 0);
    auto h = w.blue.store->history(*tx, after->id);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->size(), history_before);
    ASSERT_TRUE(tx->commit());
  }
  // Another store reading the same file sees it intact.
  {
    auto db = sqlite::Database::open(w.blue.db_path);
    ASSERT_TRUE(db);
    auto check = db->prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check && *check->step());
    EXPECT_EQ(check->text(0), "ok");
  }

  // Room again: the same change goes through, once.
  ASSERT_TRUE(w.blue.store->limit_pages(1 << 30));
  auto again = w.blue.engine->local_change(key);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->kind, sync::StepResult::Sent);
  EXPECT_EQ(w.twin(w.blue, key)->out_seq, before.out_seq + 1);
  EXPECT_EQ(w.blue.engine->local_change(key)->kind, sync::StepResult::Nothing);
  w.pump();
  EXPECT_EQ(description_of(w, w.green, green_key), big);
}

TEST(StoreRobustness, AFullDiskOnTheReceivingSideLosesNothingAndAppliesOnce) {
  testkit::TwoSides w(kBlue, kGreen);
  const std::string key = w.create(w.blue, {{"summary", "Small"}, {"labels", {"sync"}}});
  ASSERT_TRUE(w.blue.engine->local_change(key));
  w.pump();
  const std::string green_key = *w.twin(w.blue, key)->remote_key;
  const int64_t in_seq = w.twin(w.green, green_key)->in_seq;

  const std::string big(60000, 'y');
  w.edit(w.blue, key, {{"description", big}});
  ASSERT_EQ(w.blue.engine->local_change(key)->kind, sync::StepResult::Sent);
  // Green's disk is full: the delivery fails and stays in blue's outbox.
  ASSERT_TRUE(w.green.store->limit_pages(pages(*w.green.store)));
  auto moved = node::deliver(*w.blue.engine, *w.green.engine);
  ASSERT_FALSE(moved);
  EXPECT_NE(moved.error().message.find("disk full"), std::string::npos) << moved.error().message;
  {
    auto tx = w.blue.store->begin();
    EXPECT_EQ(*w.blue.store->count_pending_outbox(*tx, w.blue.engine->id()), 1);
    auto gtx = w.green.store->begin();
    ASSERT_TRUE(gtx);
    EXPECT_EQ(*w.green.store->count_pending_inbox(*gtx, w.green.engine->id()), 0);
  }
  ASSERT_TRUE(w.green.store->limit_pages(1 << 30));
  w.pump();
  EXPECT_EQ(description_of(w, w.green, green_key), big);
  EXPECT_EQ(w.twin(w.green, green_key)->in_seq, in_seq + 1);
  {
    auto tx = w.blue.store->begin();
    EXPECT_EQ(*w.blue.store->count_pending_outbox(*tx, w.blue.engine->id()), 0);
  }
}

}  // namespace
}  // namespace twinsync
