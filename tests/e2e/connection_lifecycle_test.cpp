// connection_lifecycle_test.cpp — a connection's beginning and end as the issues show them, against
// two nodes paired over real sockets and two embedded trackers: an issue whose twin is not made
// yet says "waiting for remote"; deleting a connection unpairs both sides (or says it could not
// tell the peer), ends its twins on both trackers, keeps or removes its history, and stays
// deleted across a restart while the node file still names it.
#include <gtest/gtest.h>

#include "tests/support/qa_dev_world.h"

namespace twinsync::testkit {
namespace {

class ConnectionLifecycle : public QaDevTest {
 protected:
  ConnectionLifecycle() : QaDevTest([](node::NodeConfig& c) { c.waiting_link_after_s = 1; }) {}

  static nlohmann::json links(TrackerUser& user, const std::string& key) {
    return user.call("GET", "/rest/api/2/issue/" + key + "/remotelink");
  }
  // The state the issue's one twinsync link shows, without its reason ("" while it has none,
  // "several" with more than one).
  static std::string shown(TrackerUser& user, const std::string& key) {
    auto all = links(user, key);
    if (!all.is_array() || all.empty()) return "";
    if (all.size() > 1) return "several";
    const std::string title = all[0]["object"]["status"]["icon"].value("title", "");
    return title.substr(0, title.find(": "));
  }
  static std::string reason(TrackerUser& user, const std::string& key) {
    auto all = links(user, key);
    const std::string title = all.is_array() && all.size() == 1 ? all[0]["object"]["status"]["icon"].value("title", "") : "";
    return title.find(": ") == std::string::npos ? "" : title.substr(title.find(": ") + 2);
  }
  // A synced bug whose links say so on both sides; its twin's key.
  std::string synced_bug(const std::string& summary, std::string* bug) {
    *bug = vetted_bug(summary);
    const std::string twin = NodeWorld::twin_of(*qa, *bug);
    EXPECT_FALSE(twin.empty()) << w.diagnose();
    EXPECT_TRUE(NodeWorld::eventually([&] { return shown(tester, *bug) == "synchronized"; })) << links(tester, *bug);
    EXPECT_TRUE(NodeWorld::eventually([&] { return shown(developer, twin) == "synchronized"; })) << links(developer, twin);
    return twin;
  }
};

TEST_F(ConnectionLifecycle, AnIssueWhoseTwinIsNotMadeYetSaysWaitingForRemoteThenSynchronized) {
  w.stop_node("dev");  // the other side is down: the twin cannot be made
  const std::string bug = vetted_bug("Made while the developers' node is down");
  ASSERT_TRUE(NodeWorld::eventually([&] { return shown(tester, bug) == "waiting for remote"; })) << links(tester, bug);
  auto status = on(*qa, "status " + bug);
  EXPECT_NE(status.out.find("waiting for remote"), std::string::npos) << status.out;

  dev = &w.restart_node("dev");
  const std::string twin = NodeWorld::twin_of(*qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();
  // The waiting link gives way to the twin's own: one link, which opens the twin.
  ASSERT_TRUE(NodeWorld::eventually([&] { return shown(tester, bug) == "synchronized"; })) << links(tester, bug);
  EXPECT_EQ(links(tester, bug)[0]["object"].value("url", ""), green->base_url() + "/browse/" + twin);
}

TEST_F(ConnectionLifecycle, DeletingUnpairsBothSidesEndsTheTwinsAndStaysDeleted) {
  std::string bug;
  const std::string twin = synced_bug("Crash on save", &bug);

  EXPECT_EQ(on(*qa, "delete qa_to_dev").status, 2) << "the operator says what becomes of the history";
  auto bad_token = run_twinsync("delete qa_to_dev --keep-history --node " + qa->listen_url() + " --token-file " +
                                w.file("wrong-token", "not-the-token\n"));
  EXPECT_EQ(bad_token.status, 2) << bad_token.out;
  EXPECT_EQ(on(*qa, "connections").out.find("qa_to_dev  deleted"), std::string::npos) << "a wrong token deletes nothing";

  auto deleted = on(*qa, "delete qa_to_dev --keep-history");
  ASSERT_EQ(deleted.status, 0) << deleted.out;
  EXPECT_NE(deleted.out.find("qa_to_dev: deleted; 1 issues no longer sync"), std::string::npos) << deleted.out;
  EXPECT_NE(deleted.out.find("(dev_from_qa) forgot the pairing too"), std::string::npos) << deleted.out;

  // Both issues stay; both links say the sync ended.
  EXPECT_TRUE(NodeWorld::eventually([&] { return shown(tester, bug) == "unexalated"; })) << links(tester, bug);
  EXPECT_TRUE(NodeWorld::eventually([&] { return shown(developer, twin) == "unexalated"; })) << links(developer, twin);
  EXPECT_EQ(reason(tester, bug), "the connection was deleted");
  EXPECT_EQ(reason(developer, twin), "the other side deleted the connection");
  EXPECT_EQ(tester.field(bug, "summary"), "Crash on save");
  EXPECT_EQ(developer.field(twin, "summary"), "Crash on save");
  EXPECT_NE(on(*qa, "connections").out.find("qa_to_dev  deleted"), std::string::npos) << on(*qa, "connections").out;
  EXPECT_NE(on(*dev, "connections").out.find("dev_from_qa  unpaired"), std::string::npos) << on(*dev, "connections").out;
  EXPECT_NE(on(*qa, "history -c qa_to_dev " + bug).out.find("outgoing"), std::string::npos) << "history kept";

  // Its trigger no longer takes issues; a second delete finds nothing to delete.
  const std::string later = vetted_bug("Found after the connection was deleted");
  ASSERT_TRUE(qa_settled()) << w.diagnose();
  EXPECT_NE(on(*qa, "status " + later).out.find(later + " is not under sync"), std::string::npos);
  auto again = on(*qa, "delete qa_to_dev --remove-history");
  EXPECT_EQ(again.status, 1) << again.out;
  EXPECT_NE(again.out.find("no connection named qa_to_dev"), std::string::npos) << again.out;

  // The node file still names it: it stays deleted, and the log says what to do.
  qa = &w.restart_node("qa");
  EXPECT_NE(on(*qa, "connections").out.find("qa_to_dev  deleted"), std::string::npos);
  bool told = false;
  for (const auto& line : w.logs()) told |= line.find("qa_to_dev was deleted; it does not run") != std::string::npos;
  EXPECT_TRUE(told);
  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "Edited after the delete"}}}});
  ASSERT_TRUE(qa_settled()) << w.diagnose();
  EXPECT_TRUE(dev->wait_idle(std::chrono::seconds(30)));
  EXPECT_EQ(developer.field(twin, "summary"), "Crash on save");
}

TEST_F(ConnectionLifecycle, RemovingTheHistoryLeavesNoTwinHistoryErrorOrCounter) {
  std::string bug;
  synced_bug("Typo on the login page", &bug);
  auto deleted = on(*qa, "delete qa_to_dev --remove-history");
  ASSERT_EQ(deleted.status, 0) << deleted.out;
  EXPECT_NE(deleted.out.find("its history is removed"), std::string::npos) << deleted.out;
  EXPECT_TRUE(NodeWorld::eventually([&] { return shown(tester, bug) == "unexalated"; })) << links(tester, bug);
  auto tx = qa->store().begin();
  ASSERT_TRUE(tx);
  auto rows = qa->store().connections(*tx);
  ASSERT_TRUE(rows);
  int64_t id = 0;
  for (const auto& r : *rows) {
    if (r.name == "qa_to_dev") {
      id = r.id;
      EXPECT_NE(r.deleted_ms, 0);
    }
  }
  ASSERT_NE(id, 0);
  auto twins = qa->store().twins(*tx, id);
  ASSERT_TRUE(twins);
  EXPECT_TRUE(twins->empty());
  auto days = qa->store().day_stats(*tx, id, 0);
  ASSERT_TRUE(days);
  EXPECT_TRUE(days->empty());
  (void)tx->commit();
  EXPECT_NE(on(*qa, "status " + bug).out.find(bug + " is not under sync"), std::string::npos);
}

TEST_F(ConnectionLifecycle, APeerThatCannotBeToldIsReportedAndTheKeysGoAnyway) {
  std::string bug;
  synced_bug("Slow search", &bug);
  w.stop_node("dev");
  auto deleted = on(*qa, "delete qa_to_dev --keep-history");
  ASSERT_EQ(deleted.status, 0) << deleted.out;
  EXPECT_NE(deleted.out.find("was not told (remote node unreachable"), std::string::npos) << deleted.out;
  EXPECT_TRUE(qa->peers().empty()) << "this side's keys are gone whatever the peer said";
  EXPECT_TRUE(NodeWorld::eventually([&] { return shown(tester, bug) == "unexalated"; })) << links(tester, bug);
}

}  // namespace
}  // namespace twinsync::testkit
