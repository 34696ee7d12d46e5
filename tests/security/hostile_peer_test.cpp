// A peer that signs correctly but asks for what its connection does not allow: it may bind only
// issues that this side's triggers match or its operator exalated or connected, and it never
// re-points a linked twin. Each refusal is an open error that says why; the issues stay as they were.
#include <gtest/gtest.h>

#include "tests/security/hostile_peer.h"
#include "tests/support/node_world.h"

namespace twinsync::testing {
namespace {

bool has_error(node::Node& n, const std::string& needle) {
  auto errors = n.errors();
  if (!errors) return false;
  for (const auto& e : *errors) {
    if (e.kind == "scope" && e.message.find(needle) != std::string::npos) return true;
  }
  return false;
}

std::string remote_of(node::Node& n, const std::string& key) {
  auto s = n.issue_status(key);
  return s && !s->empty() ? (*s)[0].remote_key : std::string();
}

class HostilePeerTest : public ::testing::Test {
 protected:
  HostilePeerTest() {
    w.add_tracker("blue", TrackerSpec("QA", {"HR"}));
    qa = &w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
    evil.pair(*qa, "qa_to_dev");
  }
  std::string create(const std::string& project, nlohmann::json labels) {
    TrackerUser u = w.user("blue");
    return u.create({{"project", {{"key", project}}}, {"summary", "confidential " + project}, {"labels", labels}});
  }

  NodeWorld w;
  node::Node* qa = nullptr;
  HostilePeer evil;
};

TEST_F(HostilePeerTest, CannotConnectAnIssueOfAnotherProject) {
  const std::string hr = create("HR", nlohmann::json::array());
  ASSERT_EQ(hr, "HR-1");
  auto r = evil.send({HostilePeer::event("connect", "EVIL-1", 1, hr)});
  EXPECT_EQ(r.status, 200) << r.body;  // taken into the inbox; refused when applied
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "outside connection qa_to_dev"); })) << w.diagnose();
  EXPECT_TRUE(qa->issue_status(hr)->empty()) << "no twin may exist for an issue outside the connection";
}

TEST_F(HostilePeerTest, CannotConnectAnIssueNoTriggerMatches) {
  const std::string unvetted = create("QA", nlohmann::json::array());
  evil.send({HostilePeer::event("connect", "EVIL-2", 1, unvetted)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "asked to connect " + unvetted); })) << w.diagnose();
  EXPECT_TRUE(qa->issue_status(unvetted)->empty());
}

TEST_F(HostilePeerTest, CannotConnectAnIssueThatDoesNotExist) {
  evil.send({HostilePeer::event("connect", "EVIL-3", 1, "QA-999")});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "QA-999, which does not exist here"); })) << w.diagnose();
}

TEST_F(HostilePeerTest, NeverRepointsALinkedTwin) {
  const std::string vetted = create("QA", {"vetted"});
  // The node itself puts the vetted bug under sync (its trigger); the peer then connects it once.
  ASSERT_TRUE(NodeWorld::eventually([&] { return !qa->issue_status(vetted)->empty(); })) << w.diagnose();
  evil.send({HostilePeer::event("connect", "EVIL-10", 1, vetted)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return remote_of(*qa, vetted) == "EVIL-10"; })) << w.diagnose();

  evil.send({HostilePeer::event("connect", "EVIL-11", 1, vetted), HostilePeer::event("link", "EVIL-12", 1, vetted)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "its EVIL-11") && has_error(*qa, "its EVIL-12"); }))
      << w.diagnose();
  EXPECT_EQ(remote_of(*qa, vetted), "EVIL-10") << "a linked twin is never re-pointed by the peer";
  auto status = qa->issue_status(vetted);
  ASSERT_FALSE(status->empty());
  EXPECT_EQ((*status)[0].state, "synchronized") << "a refused request does not block the twin";
}

TEST_F(HostilePeerTest, RefusalsNameTheRequestNotItsData) {
  const std::string hr = create("HR", nlohmann::json::array());
  evil.send({HostilePeer::event("connect", "EVIL-20", 1, hr)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, hr); })) << w.diagnose();
  auto errors = qa->errors();
  ASSERT_TRUE(errors);
  for (const auto& e : *errors) {
    EXPECT_EQ(e.message.find("confidential"), std::string::npos) << "a refusal must not leak the issue's fields: " << e.message;
  }
}

}  // namespace
}  // namespace twinsync::testing
