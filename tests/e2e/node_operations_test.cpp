// node_operations_test.cpp — a node's operations end to end: taking new rules (and refusing a
// file with errors), sync back of the remote key, and a connection between two projects of one
// tracker inside one node.
#include <gtest/gtest.h>

#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

std::string rules_version(node::Node& n) {
  auto s = n.status();
  return s && !s->empty() ? (*s)[0].rules_version : std::string();
}

TEST(NodeOperations, NewRulesAreLintedFirstAndHistoryNamesTheVersion) {
  NodeWorld w;
  w.add_qa_dev_trackers();
  auto [qa, dev] = w.outsourced_qa();
  TrackerUser tester = w.user("blue"), developer = w.user("green");
  const std::string first = rules_version(dev);
  ASSERT_FALSE(first.empty());

  const std::string broken = "connection dev_from_qa { local \"DEV\" remote \"QA\" }\n"
                             "incoming { issue.summary = replica.sumary }\n";
  auto refused = dev.publish_rules("dev_from_qa", broken, "broken.sync", "test");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("sumary"), std::string::npos) << refused.error().message;
  EXPECT_EQ(rules_version(dev), first) << "a file with errors must leave the running version";

  const std::string bug = tester.create({{"project", {{"key", "QA"}}}, {"summary", "Before"}, {"labels", {"vetted"}}});
  const std::string twin = NodeWorld::twin_of(qa, bug);
  ASSERT_FALSE(twin.empty());

  // New rules: summaries arrive upper-cased from now on.
  std::string text;
  {
    std::ifstream in(examples_dir() + "/outsourced_qa/dev.sync");
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string from = "issue.summary     = replica.summary";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "issue.summary     = upper(replica.summary ?? \"\")");
  ASSERT_TRUE(dev.publish_rules("dev_from_qa", text, "dev2.sync", "test"));
  const std::string second = rules_version(dev);
  EXPECT_NE(second, first);

  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "After"}}}});
  ASSERT_TRUE(NodeWorld::eventually([&] { return developer.field(twin, "summary") == "AFTER"; })) << w.diagnose();
  // The apply records its history in the transaction after its tracker writes: the summary can
  // be seen a moment before that row exists.
  bool saw_first = false, saw_second = false;
  std::string seen;
  NodeWorld::eventually([&] {
    auto history = dev.history("dev_from_qa", twin);
    if (!history) return false;
    saw_first = saw_second = false;
    seen.clear();
    for (const auto& h : *history) {
      seen += "\n  " + h.direction + " " + h.outcome + " " + h.rules_version + " [" + h.fields + "]";
      if (h.direction != "incoming") continue;
      saw_first |= h.rules_version == first;
      saw_second |= h.rules_version == second;
    }
    return saw_first && saw_second;
  });
  EXPECT_TRUE(saw_first && saw_second) << "history should name both rule versions (" << first << ", " << second
                                       << "):" << seen;
}

TEST(NodeOperations, SyncBackWritesTheRemoteKeyWithoutStartingALoop) {
  NodeWorld w;
  tracker::Tracker& blue = w.add_tracker("blue", {"QA"});
  tracker::Tracker& green = w.add_tracker("green", {"DEV"});
  auto& qa = w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync", "Customer"}});
  auto& dev = w.add_node("dev", "green", {{"dev_from_qa", "outsourced_qa/dev.sync"}});
  w.pair(dev, "dev_from_qa", qa, "qa_to_dev");
  TrackerUser tester = w.user("blue");
  const std::string bug = tester.create({{"project", {{"key", "QA"}}}, {"summary", "Sync me back"}, {"labels", {"vetted"}}});
  const std::string twin = NodeWorld::twin_of(qa, bug);
  ASSERT_FALSE(twin.empty());
  const auto* field = tester.client->catalog().by_name("Customer");
  ASSERT_NE(field, nullptr);
  ASSERT_TRUE(NodeWorld::eventually([&] { return tester.field(bug, field->id) == twin; })) << w.diagnose();

  ASSERT_TRUE(qa.wait_idle(std::chrono::seconds(10)) && dev.wait_idle(std::chrono::seconds(10)));
  const auto before = qa.history("qa_to_dev", bug);
  // What shows the sync-back write was seen and handled: both trackers delivered every webhook,
  // a poll of QA's tracker ran since, and both nodes are idle. A loop would add history by then.
  const uint64_t polls = qa.polls_completed();
  ASSERT_TRUE(NodeWorld::eventually([&] { return !blue.webhooks_pending() && !green.webhooks_pending(); }));
  ASSERT_TRUE(NodeWorld::eventually([&] { return qa.polls_completed() > polls; }));
  ASSERT_TRUE(qa.wait_idle(std::chrono::seconds(10)) && dev.wait_idle(std::chrono::seconds(10)));
  const auto after = qa.history("qa_to_dev", bug);
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->size(), after->size()) << "the sync-back write kept the twin busy";
}

TEST(NodeOperations, OneNodeJoinsTwoProjectsOfItsOwnTracker) {
  NodeWorld w;
  tracker::Tracker& site = w.add_tracker("site", {"QA", {"DEV:Development"}});
  auto& n = w.add_node("site", "site", {{"qa_to_dev", "outsourced_qa/qa.sync"}, {"dev_from_qa", "outsourced_qa/dev.sync"}});
  node::Node::link_local(n, "qa_to_dev", n, "dev_from_qa");
  TrackerUser admin = w.user("site");
  const std::string bug = admin.create({{"project", {{"key", "QA"}}}, {"summary", "Same site"}, {"labels", {"vetted"}}});
  admin.comment(bug, "Seen on staging.");
  const std::string twin = NodeWorld::twin_of(n, bug);
  ASSERT_EQ(twin.substr(0, 4), "DEV-") << w.diagnose();
  ASSERT_TRUE(NodeWorld::eventually([&] { return admin.comment_bodies(twin).size() == 1; })) << w.diagnose();
  admin.move_to(twin, "In Progress");
  admin.comment(twin, "On it.");
  EXPECT_TRUE(NodeWorld::eventually([&] { return admin.status(bug) == "In Progress" && admin.comment_bodies(bug).size() == 2; }))
      << w.diagnose();
  // Nothing more comes: every webhook delivered, a poll since, the node idle (no echo comment).
  const uint64_t polls = n.polls_completed();
  ASSERT_TRUE(NodeWorld::eventually([&] { return !site.webhooks_pending() && n.polls_completed() > polls; }));
  ASSERT_TRUE(n.wait_idle(std::chrono::seconds(10)));
  EXPECT_EQ(admin.comment_bodies(bug).size(), 2u);
  EXPECT_EQ(admin.comment_bodies(twin).size(), 2u);
}

}  // namespace
}  // namespace twinsync::testkit
