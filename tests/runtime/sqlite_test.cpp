// The SQLite wrapper: open options, statements, transactions, migrations and refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "runtime/sqlite/sqlite.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace twinsync::sqlite;
using twinsync::testkit::TempDir;

const Migration kSteps[] = {
    {1, "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, data BLOB)"},
    {2, "ALTER TABLE item ADD COLUMN note TEXT"},
};

Database open_migrated(const std::string& path) {
  auto db = Database::open(path);
  EXPECT_TRUE(db) << db.error().message;
  EXPECT_TRUE(migrate(*db, kSteps, "test"));
  return std::move(*db);
}

TEST(Sqlite, OpensInWalWithTheChosenSynchronousLevel) {
  TempDir dir;
  OpenOptions opt;
  opt.synchronous = Synchronous::Full;
  auto db = Database::open(dir.file("a.db"), opt);
  ASSERT_TRUE(db) << db.error().message;
  auto mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  ASSERT_TRUE(*mode->step());
  EXPECT_EQ(mode->text(0), "wal");
  auto sync = db->prepare("PRAGMA synchronous");
  ASSERT_TRUE(*sync->step());
  EXPECT_EQ(sync->int64(0), 2);  // FULL
}

TEST(Sqlite, StatementsBindStepAndReadTypedColumns) {
  TempDir dir;
  Database db = open_migrated(dir.file("a.db"));
  auto ins = db.prepare("INSERT INTO item(name, score, data, note) VALUES (:name, ?2, ?3, ?4)");
  ASSERT_TRUE(ins);
  std::string bin("a\0b", 3);
  ASSERT_TRUE(ins->bind(":name", "one").bind(2, 1.5).bind(3, Blob{bin}).bind(4, nullptr).run());
  EXPECT_EQ(db.last_insert_rowid(), 1);
  // Reuse: binding after a run starts afresh.
  ASSERT_TRUE(ins->bind(":name", std::string("two")).bind(2, 2).bind(3, nullptr)
                  .bind(4, std::optional<std::string>("n")).run());
  auto sel = db.prepare("SELECT id, name, score, data, note FROM item ORDER BY id");
  ASSERT_TRUE(sel);
  ASSERT_TRUE(*sel->step());
  EXPECT_EQ(sel->int64(0), 1);
  EXPECT_EQ(sel->text(1), "one");
  EXPECT_DOUBLE_EQ(sel->real(2), 1.5);
  EXPECT_EQ(sel->blob(3), bin);
  EXPECT_TRUE(sel->is_null(4));
  EXPECT_FALSE(sel->text_or_null(4));
  ASSERT_TRUE(*sel->step());
  EXPECT_EQ(sel->text_or_null(4), "n");
  EXPECT_FALSE(*sel->step());
}

TEST(Sqlite, ErrorsCarrySqliteText) {
  TempDir dir;
  Database db = open_migrated(dir.file("a.db"));
  auto bad = db.prepare("SELEKT 1");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;
  auto ins = db.prepare("INSERT INTO item(name) VALUES (?)");
  ASSERT_TRUE(ins->bind(1, "x").run());
  auto dup = ins->bind(1, "x").run();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().kind, twinsync::ErrorKind::Constraint);
  EXPECT_NE(dup.error().message.find("UNIQUE"), std::string::npos);
  auto unknown = ins->bind(":nope", 1).run();
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find(":nope"), std::string::npos);
  EXPECT_FALSE(ins->bind(7, 1).run());  // index out of range
  EXPECT_TRUE(ins->bind(1, "y").run());   // and the statement is still usable
}

TEST(Sqlite, TransactionsCommitOrRollBack) {
  TempDir dir;
  Database db = open_migrated(dir.file("a.db"));
  auto ins = db.prepare("INSERT INTO item(name) VALUES (?)");
  {
    auto tx = db.begin();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(ins->bind(1, "kept").run());
    ASSERT_TRUE(tx->commit());
  }
  {
    auto tx = db.begin();
    ASSERT_TRUE(ins->bind(1, "dropped").run());
  }  // destroyed without commit
  auto count = db.prepare("SELECT group_concat(name) FROM item");
  ASSERT_TRUE(*count->step());
  EXPECT_EQ(count->text(0), "kept");
}

TEST(Sqlite, MigrationsRunOnceAndRecordTheVersion) {
  TempDir dir;
  {
    Database db = open_migrated(dir.file("a.db"));
    EXPECT_EQ(*db.user_version(), 2);
  }
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  EXPECT_TRUE(migrate(*db, kSteps, "test"));  // nothing left to do
  auto half = Database::open(dir.file("b.db"));
  ASSERT_TRUE(migrate(*half, std::span(kSteps, 1), "test"));
  EXPECT_EQ(*half->user_version(), 1);
  ASSERT_TRUE(migrate(*half, kSteps, "test"));
  EXPECT_EQ(*half->user_version(), 2);
}

TEST(Sqlite, AFailedMigrationLeavesTheStoreAsItWas) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  const Migration broken[] = {{1, "CREATE TABLE t(x)"}, {2, "CREATE TABLE u(y); NONSENSE"}};
  auto s = migrate(*db, broken, "test");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("step 2"), std::string::npos) << s.error().message;
  EXPECT_EQ(*db->user_version(), 1);
  EXPECT_FALSE(db->prepare("SELECT * FROM u"));
  const Migration gap[] = {{1, "SELECT 1"}, {3, "SELECT 1"}};
  EXPECT_FALSE(migrate(*db, gap, "test"));
}

// A step may rebuild a table with foreign keys off (SQLite's way to add a CHECK); it still may not
// leave a reference dangling, and foreign keys are on again after.
TEST(Sqlite, AStepThatLeavesAReferenceDanglingFails) {
  TempDir dir;
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  const Migration steps[] = {
      {1, "CREATE TABLE parent(id INTEGER PRIMARY KEY); CREATE TABLE child(p INTEGER REFERENCES parent);"
          "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);"},
      {2, "CREATE TABLE parent_new(id INTEGER PRIMARY KEY, n TEXT); INSERT INTO parent_new(id) SELECT id FROM parent;"
          "DROP TABLE parent; ALTER TABLE parent_new RENAME TO parent;"},
      {3, "DELETE FROM parent"}};
  auto s = migrate(*db, steps, "test");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("step 3"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("child"), std::string::npos) << s.error().message;
  EXPECT_EQ(*db->user_version(), 2);  // the rebuild of step 2 went through
  auto on = db->prepare("PRAGMA foreign_keys");
  ASSERT_TRUE(on);
  ASSERT_TRUE(*on->step());
  EXPECT_EQ(on->int64(0), 1);
}

TEST(Sqlite, RefusesAStoreFromANewerSchema) {
  TempDir dir;
  {
    Database db = open_migrated(dir.file("a.db"));
    ASSERT_TRUE(db.exec("PRAGMA user_version = 9"));
  }
  auto db = Database::open(dir.file("a.db"));
  ASSERT_TRUE(db);
  auto s = migrate(*db, kSteps, "tracker");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind, twinsync::ErrorKind::SchemaTooNew);
  EXPECT_NE(s.error().message.find("version 9"), std::string::npos) << s.error().message;
}

// The tracker's store: one connection owns the file, so locks are taken once and the WAL index
// lives in the process (no -shm file); a second opener is told the file is taken, not corrupted.
TEST(Sqlite, AnExclusiveStoreIsKeptFromASecondOpenerUntilItCloses) {
  TempDir dir;
  const std::string path = dir.file("own.db");
  OpenOptions own;
  own.exclusive = true;
  {
    auto db = Database::open(path, own);
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(migrate(*db, kSteps, "test"));
    EXPECT_FALSE(std::filesystem::exists(path + "-shm"));

    OpenOptions other;
    other.busy_timeout = std::chrono::milliseconds(0);
    auto second = Database::open(path, other);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().kind, twinsync::ErrorKind::Busy);
    auto second_own = Database::open(path, [&] { auto o = own; o.busy_timeout = {}; return o; }());
    ASSERT_FALSE(second_own);
    EXPECT_EQ(second_own.error().message, path + " is in use by another process, which keeps it to itself");
  }
  auto again = Database::open(path, own);
  ASSERT_TRUE(again) << again.error().message;
  auto rows = again->prepare("SELECT count(*) FROM item");
  ASSERT_TRUE(rows && *rows->step());
  EXPECT_EQ(rows->int64(0), 0);
}

TEST(Sqlite, RefusesAFileThatIsNotADatabase) {
  TempDir dir;
  std::ofstream(dir.file("junk.db")) << std::string(4096, 'j');
  auto db = Database::open(dir.file("junk.db"));
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().kind, twinsync::ErrorKind::NotADatabase);
  EXPECT_NE(db.error().message.find("is not a SQLite database"), std::string::npos);
  OpenOptions no_create;
  no_create.create = false;
  EXPECT_FALSE(Database::open(dir.file("missing.db"), no_create));
  EXPECT_FALSE(Database::open(dir.file("no/such/dir/x.db")));
}

}  // namespace
