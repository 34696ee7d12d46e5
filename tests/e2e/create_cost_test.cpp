// A new twin's comments ride in one edit with the removal of the create's marker (Jira's
// `update.comment` `add`), and their ids come from that edit's answer (Jira Cloud's returnIssue:
// the new issue is not read); where the tracker refuses comments in an edit (a screen without the
// comment field), they are added one by one. Either way each comment arrives once, no marker
// stays, nothing echoes back. The marker's removal alone stays best effort.
#include <gtest/gtest.h>

#include "tests/support/fault_proxy.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

class NewTwinComments : public ::testing::Test {
 protected:
  NewTwinComments() {
    w.add_tracker("blue", {"QA"});
    tracker::Tracker& green = w.add_tracker("green", {"DEV"});
    proxy = std::make_unique<FaultProxy>(green.base_url());
    w.tweak_config = [this](node::NodeConfig& c) {
      if (c.name == "dev") c.tracker.url = proxy->url();
      c.tracker.dedicated_account = true;  // the nodes' own writes are told apart: none is read back
    };
    auto nodes = w.outsourced_qa();
    qa = &nodes.qa;
    dev = &nodes.dev;
    tester = w.user("blue");
    developer = w.user("green");
  }

  // A bug with two comments, vetted only then: its first replica carries both.
  std::string vetted_with_comments(const std::string& summary) {
    const std::string key = tester.create({{"project", {{"key", "QA"}}}, {"summary", summary}});
    tester.comment(key, summary + ": first");
    tester.comment(key, summary + ": second");
    tester.call("PUT", "/rest/api/2/issue/" + key, {{"update", {{"labels", {{{"add", "vetted"}}}}}}});
    return key;
  }

  // The twin got both comments once, no marker label stayed, and QA has its two only.
  void expect_synced_once(const std::string& key) {
    const std::string twin = NodeWorld::twin_of(*qa, key);
    ASSERT_FALSE(twin.empty()) << w.diagnose();
    ASSERT_TRUE(NodeWorld::eventually([&] { return developer.comment_bodies(twin).size() >= 2; })) << w.diagnose();
    ASSERT_TRUE(qa->wait_idle(std::chrono::seconds(30)) && dev->wait_idle(std::chrono::seconds(30)));
    const auto bodies = developer.comment_bodies(twin);
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_NE(bodies[0].find(": first"), std::string::npos) << bodies[0];
    EXPECT_NE(bodies[1].find(": second"), std::string::npos) << bodies[1];
    EXPECT_EQ(developer.field(twin, "labels"), nlohmann::json::array({"from-qa"})) << "the marker is gone";
    EXPECT_EQ(tester.comment_bodies(key).size(), 2u) << "nothing echoed back";
  }

  size_t reads_of(const std::string& key) {
    size_t n = 0;
    for (const std::string& r : proxy->forwarded()) {
      const std::string get = "GET /rest/api/3/issue/" + key;
      n += r.rfind(get, 0) == 0 && (r.size() == get.size() || r[get.size()] == '?');
    }
    return n;
  }

  size_t comment_posts() {
    size_t n = 0;
    for (const std::string& r : proxy->forwarded()) n += r.rfind("POST ", 0) == 0 && r.find("/comment") != std::string::npos;
    return n;
  }

  NodeWorld w;
  std::unique_ptr<FaultProxy> proxy;
  node::Node* qa = nullptr;
  node::Node* dev = nullptr;
  TrackerUser tester, developer;
};

TEST_F(NewTwinComments, RideWithTheMarkersRemovalInOneEdit) {
  const std::string key = vetted_with_comments("Crash on save");
  expect_synced_once(key);
  EXPECT_EQ(comment_posts(), 0u) << "no comment was added on its own";
  std::string seen;
  for (const std::string& r : proxy->forwarded()) seen += r + "\n";
  EXPECT_EQ(reads_of(NodeWorld::twin_of(*qa, key)), 0u) << "the edit's answer was the issue: no read after the create\n" << seen;
}

// A tracker that refuses the marker's removal (an edit screen without labels, a permission) does
// not stop the new twin: the label only guarded the create.
TEST_F(NewTwinComments, ANewIssueWhoseMarkerCannotGoStillSyncs) {
  proxy->fail_when([](const net::HttpRequest& r) { return r.method == "PUT" && r.body.find("\"remove\"") != std::string::npos; },
                   {403, {{"Content-Type", "application/json"}}, R"({"errorMessages":["You do not have permission to edit issues in this project."]})"});
  const std::string key = tester.create({{"project", {{"key", "QA"}}}, {"summary", "No comments"}, {"labels", {"vetted"}}});
  ASSERT_TRUE(NodeWorld::eventually([&] { return !NodeWorld::twin_of(*qa, key).empty(); })) << w.diagnose();
  const std::string twin = NodeWorld::twin_of(*qa, key);
  ASSERT_TRUE(qa->wait_idle(std::chrono::seconds(30)) && dev->wait_idle(std::chrono::seconds(30)));
  EXPECT_GE(proxy->failed(), 1);
  EXPECT_EQ(developer.field(twin, "summary"), "No comments");
  auto status = dev->issue_status(twin);
  ASSERT_TRUE(status && status->size() == 1);
  EXPECT_EQ((*status)[0].state, "synchronized") << (*status)[0].reason;
}

TEST_F(NewTwinComments, AreAddedOneByOneWhereTheEditScreenRefusesThem) {
  proxy->fail_when(
      [](const net::HttpRequest& r) { return r.method == "PUT" && r.body.find("\"comment\"") != std::string::npos; },
      {400, {{"Content-Type", "application/json"}},
       R"({"errorMessages":[],"errors":{"comment":"Field 'comment' cannot be set. It is not on the appropriate screen, or unknown."}})"});
  expect_synced_once(vetted_with_comments("Login fails"));
  EXPECT_GE(proxy->failed(), 1);
  EXPECT_EQ(comment_posts(), 2u);
}

}  // namespace
}  // namespace twinsync::testkit
