// `twinsync run` on a store it must not use: a file of random bytes, a database of another
// application, a store from a newer twinsync. Each stops the node before it talks to a tracker,
// with exit status 2, one line naming the file and what is wrong, and the file untouched.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "runtime/sqlite/sqlite.h"
#include "runtime/store/sync_store.h"
#include "tests/support/run_twinsync.h"
#include "tests/support/temp_dir.h"

namespace {

using twinsync::testkit::run_twinsync;
using twinsync::testkit::TempDir;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A node whose store is `store.db` in `dir`; its tracker is never reached.
std::string node_file(const TempDir& dir) {
  std::ofstream(dir.file("qa.sync")) << "connection qa { local \"QA\" remote \"DEV\" }\noutgoing { replica.key = issue.key }\n";
  std::ofstream(dir.file("node.sync")) << "node qa {\n  listen \"127.0.0.1:0\"\n  store \"store.db\"\n"
                                          "  tracker {\n    url \"http://127.0.0.1:9\"\n    user \"a@example.com\"\n"
                                          "    token env(\"TWINSYNC_STORE_CLI_TOKEN\")\n  }\n  connection qa {\n    rules \"qa.sync\"\n"
                                          "    peer \"http://127.0.0.1:9\"\n  }\n}\n";
  return dir.file("node.sync");
}

void expect_refused(const TempDir& dir, const std::string& what) {
  const std::string before = read_all(dir.file("store.db"));
  ::setenv("TWINSYNC_STORE_CLI_TOKEN", "t", 1);  // the child inherits it
  auto r = run_twinsync("run " + node_file(dir));
  EXPECT_EQ(r.status, 2) << r.out;
  const std::string line = "twinsync: error: store " + dir.file("store.db") + ": ";
  EXPECT_EQ(r.out.rfind(line, 0), 0u) << r.out;
  EXPECT_NE(r.out.find(what), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;
  EXPECT_TRUE(read_all(dir.file("store.db")) == before) << "the store changed";
}

TEST(StoreCli, RandomBytesStopTheNode) {
  TempDir dir;
  std::mt19937 rng(1);
  std::string junk(8192, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  std::ofstream(dir.file("store.db"), std::ios::binary) << junk;
  expect_refused(dir, "not a SQLite database");
}

TEST(StoreCli, AForeignDatabaseStopsTheNode) {
  TempDir dir;
  {
    auto db = twinsync::sqlite::Database::open(dir.file("store.db"));
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->exec("CREATE TABLE photo(id INTEGER PRIMARY KEY, path TEXT); PRAGMA user_version = 12"));
  }
  expect_refused(dir, "another application");
}

TEST(StoreCli, AStoreFromANewerTwinsyncStopsTheNode) {
  TempDir dir;
  {
    auto s = twinsync::store::SyncStore::open(dir.file("store.db"));
    ASSERT_TRUE(s) << s.error().message;
  }
  {
    auto db = twinsync::sqlite::Database::open(dir.file("store.db"));
    ASSERT_TRUE(db->exec("PRAGMA user_version = 9"));
  }
  expect_refused(dir, "schema version 9 is newer than this twinsync");
}

}  // namespace
