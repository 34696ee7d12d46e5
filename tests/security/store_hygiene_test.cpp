// Store hygiene: delivered and applied events, old history and closed errors are pruned by the
// node's retention; a backlog past backlogAlert shows in status and in the log instead of growing
// silently; the store and the secrets a node makes for itself are readable by its owner only.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "compiler/vm/datetime.h"
#include "runtime/node/node_secrets.h"
#include "tests/support/node_world.h"
#include "tests/support/temp_dir.h"

namespace twinsync::testkit {
namespace {

TEST(StoreHygiene, RetentionPrunesWhatIsDoneAndKeepsWhatIsPending) {
  TempDir dir;
  auto store = store::SyncStore::open(dir.file("s.db"), sqlite::Synchronous::Normal);
  ASSERT_TRUE(store);
  auto& s = **store;
  auto tx = s.begin();
  auto conn = s.ensure_connection(*tx, "c");
  auto done = s.append_outbox(*tx, conn->id, "replica", "QA-1", 1, "x");
  auto pending = s.append_outbox(*tx, conn->id, "replica", "QA-2", 1, "y");
  ASSERT_TRUE(done && pending);
  ASSERT_TRUE(s.mark_delivered(*tx, conn->id, {done->id}));
  store::Event in;
  in.id = "in-1", in.kind = "replica", in.twin_key = "DEV-1", in.twin_seq = 1, in.payload = "z";
  store::Event waiting = in;
  waiting.id = "in-2", waiting.twin_key = "DEV-2";
  ASSERT_TRUE(s.accept_inbox(*tx, conn->id, {in, waiting}));
  auto ready = s.inbox_event(*tx, conn->id, "in-1");
  (*ready)->state = "applied";
  ASSERT_TRUE(s.update_inbox(*tx, **ready));
  ASSERT_TRUE(tx->commit());

  auto ptx = s.begin();
  auto removed = s.prune(*ptx, datetime::now_ms() + 1000);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 2) << "the delivered outbox row and the applied inbox row";
  EXPECT_EQ(*s.count_pending_outbox(*ptx, conn->id), 1);
  EXPECT_EQ(*s.count_pending_inbox(*ptx, conn->id), 1);
  EXPECT_FALSE(*s.outbox_event(*ptx, conn->id, done->id));
  ASSERT_TRUE(ptx->commit());
}

TEST(StoreHygiene, ABacklogPastTheAlertIsSeen) {
  NodeWorld w;
  w.tweak_config = [](node::NodeConfig& c) { c.backlog_alert = 2; };
  w.tweak_options = [](node::NodeOptions& o) { o.maintenance_interval = std::chrono::milliseconds(100); };
  w.add_tracker("blue", {"QA"});
  auto& qa = w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});  // not paired: its outbox waits
  TrackerUser tester = w.user("blue");
  for (int i = 0; i < 3; ++i) {
    tester.create({{"project", {{"key", "QA"}}}, {"summary", "queued " + std::to_string(i)}, {"labels", {"vetted"}}});
  }
  ASSERT_TRUE(NodeWorld::eventually([&] {
    auto s = qa.status();
    return s && !s->empty() && !(*s)[0].alert.empty();
  })) << w.diagnose();
  EXPECT_NE((*qa.status())[0].alert.find("backlog: 3 events to send"), std::string::npos) << (*qa.status())[0].alert;
  ASSERT_TRUE(NodeWorld::eventually([&] {
    for (const std::string& line : w.logs()) {
      if (line.find("connection qa_to_dev: backlog") != std::string::npos) return true;
    }
    return false;
  }));
}

TEST(StoreHygiene, GeneratedSecretsAreForTheOwnerOnly) {
  NodeWorld w;
  w.add_tracker("blue", {"QA"});
  auto& qa = w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
  for (const std::string suffix : {".admin-token", ".webhook-secret"}) {
    struct stat st {};
    const std::string file = node::default_secret_path(qa.store().path(), suffix);
    ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 0777, 0600) << file;
  }
  // A secret file others can read stops the node at start, saying which file.
  const std::string token = node::default_secret_path(qa.store().path(), ".admin-token");
  ::chmod(token.c_str(), 0644);
  w.stop_node("qa");
  node::NodeConfig c;
  c.name = "again";
  c.store = qa.store().path();
  c.tracker.url = "http://127.0.0.1:1";
  auto refused = node::Node::start(c, {});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("readable by others"), std::string::npos) << refused.error().message;
}

TEST(StoreHygiene, StoreFilesAreForTheOwnerOnly) {
  TempDir dir;
  const mode_t old = ::umask(022);  // a usual umask: files would be 0644
  {
    auto store = store::SyncStore::open(dir.file("s.db"), sqlite::Synchronous::Normal);
    ASSERT_TRUE(store);
    auto tx = (*store)->begin();
    ASSERT_TRUE(tx && (*store)->ensure_connection(*tx, "c") && tx->commit());  // the WAL and SHM exist now
    for (const std::string suffix : {"", "-wal", "-shm"}) {
      struct stat st {};
      const std::string file = dir.file("s.db") + suffix;
      ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
      EXPECT_EQ(st.st_mode & 0777, 0600) << file;
    }
  }
  // A store made readable by others (an old version, a copy) is tightened when it is opened.
  ::chmod(dir.file("s.db").c_str(), 0644);
  ASSERT_TRUE(store::SyncStore::open(dir.file("s.db"), sqlite::Synchronous::Normal));
  struct stat st {};
  ASSERT_EQ(::stat(dir.file("s.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  ::umask(old);
}

}  // namespace
}  // namespace twinsync::testkit
