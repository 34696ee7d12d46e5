// A peer that signs correctly but asks for what its connection does not allow: it may bind only
// issues that this side's triggers match or its operator exalated or connected, and it never
// re-points a linked twin. Each refusal is an open error that says why; the issues stay as they were.
#include <gtest/gtest.h>

#include <cctype>

#include "tests/security/hostile_peer.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
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

// The peer's key for its issue becomes the title and URL of the remote link on ours: a key that is
// not one (a phishing line, a path) is refused, and nothing is bound or shown.
TEST_F(HostilePeerTest, AKeyThatIsNoIssueKeyIsRefused) {
  const std::string vetted = create("QA", {"vetted"});
  const std::string lure = "https://evil.example/jira/relogin";
  auto r = evil.send({HostilePeer::event("connect", lure, 1, vetted)});
  EXPECT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "names no issue key"); })) << w.diagnose();
  EXPECT_EQ(remote_of(*qa, vetted), "") << "bound to nothing";
  TrackerUser u = w.user("blue");
  auto links = u.call("GET", "/rest/api/2/issue/" + vetted + "/remotelink");
  EXPECT_EQ(links.dump().find("evil.example"), std::string::npos) << links;
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

int64_t pending_in(node::Node& n) {
  auto s = n.status();
  return s && !s->empty() ? (*s)[0].pending_in : -1;
}

std::string state_of(node::Node& n, const std::string& key) {
  auto s = n.issue_status(key);
  return s && !s->empty() ? (*s)[0].state : std::string();
}

// Unexalate is this side's decision: no link, replica or connect from the peer brings the twin
// back, and settling the error a refusal raised leaves it unexalated too.
TEST_F(HostilePeerTest, NothingFromThePeerRevivesAnUnexalatedTwin) {
  const std::string vetted = create("QA", {"vetted"});
  ASSERT_TRUE(NodeWorld::eventually([&] { return !qa->issue_status(vetted)->empty(); })) << w.diagnose();
  evil.send({HostilePeer::event("connect", "EVIL-30", 1, vetted)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return remote_of(*qa, vetted) == "EVIL-30"; })) << w.diagnose();
  ASSERT_TRUE(qa->unexalate("qa_to_dev", vetted));

  evil.send({HostilePeer::event("link", "EVIL-30", 2, vetted), HostilePeer::event("replica", "EVIL-30", 3, "x")});
  ASSERT_TRUE(NodeWorld::eventually([&] { return pending_in(*qa) == 0; })) << w.diagnose();
  EXPECT_EQ(state_of(*qa, vetted), "unexalated");

  evil.send({HostilePeer::event("connect", "EVIL-31", 1, vetted)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "its EVIL-31"); })) << w.diagnose();
  auto errors = qa->errors();
  ASSERT_TRUE(errors);
  for (const auto& e : *errors) {
    if (e.state == "open") {
      ASSERT_TRUE(qa->resolve(e.id));
    }
  }
  EXPECT_EQ(state_of(*qa, vetted), "unexalated") << "settling a refusal does not touch the twin";
  EXPECT_EQ(remote_of(*qa, vetted), "EVIL-30");
}

// The peer's issue already bound here cannot be bound to a second issue; the refusal is an
// error and the connection goes on with the next request.
TEST_F(HostilePeerTest, CannotBindItsIssueTwiceAndTheInboxGoesOn) {
  const std::string a = create("QA", {"vetted"}), b = create("QA", {"vetted"}), c = create("QA", {"vetted"});
  ASSERT_TRUE(NodeWorld::eventually([&] { return !qa->issue_status(c)->empty(); })) << w.diagnose();
  evil.send({HostilePeer::event("connect", "EVIL-40", 1, a)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return remote_of(*qa, a) == "EVIL-40"; })) << w.diagnose();
  evil.send({HostilePeer::event("link", "EVIL-40", 2, b)});
  evil.send({HostilePeer::event("connect", "EVIL-41", 1, c)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "EVIL-40 is already the twin of " + a); })) << w.diagnose();
  ASSERT_TRUE(NodeWorld::eventually([&] { return remote_of(*qa, c) == "EVIL-41"; })) << w.diagnose();
  EXPECT_EQ(remote_of(*qa, a), "EVIL-40");
  EXPECT_EQ(remote_of(*qa, b), "");
}

// An issue named by its id or in other letters is the same issue under another name: refused,
// so it cannot slip past the lookups that guard linked and unexalated twins.
TEST_F(HostilePeerTest, ConnectNamesAnIssueByItsKeyOnly) {
  const std::string vetted = create("QA", {"vetted"});
  ASSERT_TRUE(NodeWorld::eventually([&] { return !qa->issue_status(vetted)->empty(); })) << w.diagnose();
  std::string lower = vetted;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  evil.send({HostilePeer::event("connect", "EVIL-50", 1, "10000"), HostilePeer::event("connect", "EVIL-51", 1, lower)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return has_error(*qa, "\"10000\", which is not an issue key") &&
                                                 has_error(*qa, "\"" + lower + "\", which is not an issue key"); }))
      << w.diagnose();
  EXPECT_EQ(remote_of(*qa, vetted), "");
}

// Link requests that can never go (out of order) do not hide a request that can: the inbox
// reads per twin only the next event, for links and connects as for replicas.
TEST_F(HostilePeerTest, WaitingLinksDoNotStarveTheInbox) {
  const std::string vetted = create("QA", {"vetted"});
  ASSERT_TRUE(NodeWorld::eventually([&] { return !qa->issue_status(vetted)->empty(); })) << w.diagnose();
  std::vector<transport::Event> waiting;
  for (int i = 0; i < 250; ++i) waiting.push_back(HostilePeer::event("link", "EVIL-1" + std::to_string(1000 + i), 5, vetted));
  EXPECT_EQ(evil.send(waiting).status, 200);
  evil.send({HostilePeer::event("connect", "EVIL-9999", 1, vetted)});
  ASSERT_TRUE(NodeWorld::eventually([&] { return remote_of(*qa, vetted) == "EVIL-9999"; })) << w.diagnose();
}

}  // namespace
}  // namespace twinsync::testkit
