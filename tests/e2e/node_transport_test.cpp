// node_transport_test.cpp — two nodes over the signed transport, through their lives: a remote
// that is down for a while, and what the logs may never contain.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

struct QaWorld {
  NodeWorld w;
  node::Node* qa = nullptr;
  TrackerUser tester, developer;
  std::string code;

  QaWorld() {
    w.add_qa_dev_trackers();
    qa = &w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
    node::Node& dev = w.add_node("dev", "green", {{"dev_from_qa", "outsourced_qa/dev.sync"}});
    auto invitation = dev.invite("dev_from_qa", std::chrono::seconds(600));
    EXPECT_TRUE(invitation);
    code = *invitation;
    EXPECT_TRUE(qa->accept_invitation(code, "qa_to_dev"));
    tester = w.user("blue");
    developer = w.user("green");
  }

  std::string vetted_bug(const std::string& summary) {
    return tester.create({{"project", {{"key", "QA"}}}, {"summary", summary}, {"labels", {"vetted"}}});
  }
};

int64_t pending_out(node::Node& n) {
  auto s = n.status();
  return s && !s->empty() ? (*s)[0].pending_out : -1;
}

TEST(NodeTransport, ARemoteDownForAWhileGetsEveryChangeInOrderWhenBack) {
  QaWorld q;
  const std::string bug = q.vetted_bug("Crash on save");
  const std::string twin = NodeWorld::twin_of(*q.qa, bug);
  ASSERT_FALSE(twin.empty());

  q.w.stop_node("dev");
  for (int i = 1; i <= 3; ++i) q.tester.comment(bug, "note " + std::to_string(i) + " while DEV is away");
  q.tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "Crash on save (any file)"}}}});
  // Changes close together may travel as fewer replicas (each carries the issue as it is then).
  ASSERT_TRUE(NodeWorld::eventually([&] { return pending_out(*q.qa) >= 1; })) << q.w.diagnose();
  const int64_t waiting = pending_out(*q.qa);
  // The sender keeps failing, and keeps the events: seen after two more failed attempts.
  auto failures = [&] {
    auto st = q.qa->sender_status("qa_to_dev");
    return st ? st->consecutive_failures : 0u;
  };
  const uint32_t failed = failures();
  ASSERT_TRUE(NodeWorld::eventually([&] { return failures() >= failed + 2; })) << q.w.diagnose();
  EXPECT_GE(pending_out(*q.qa), waiting);

  q.w.restart_node("dev");
  ASSERT_TRUE(NodeWorld::eventually([&] {
    return q.developer.field(twin, "summary") == "Crash on save (any file)" && q.developer.comment_bodies(twin).size() == 3;
  })) << q.w.diagnose();
  const auto bodies = q.developer.comment_bodies(twin);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NE(bodies[static_cast<size_t>(i)].find("note " + std::to_string(i + 1)), std::string::npos) << bodies[i];
  }
  EXPECT_TRUE(NodeWorld::eventually([&] { return pending_out(*q.qa) == 0; }));
}

TEST(NodeTransport, SecretsAppearInNoLog) {
  QaWorld q;
  const std::string bug = q.vetted_bug("Secrets stay secret");
  ASSERT_FALSE(NodeWorld::twin_of(*q.qa, bug).empty());
  q.w.stop_node("dev");  // failures are logged too
  q.tester.comment(bug, "while away");
  ASSERT_TRUE(NodeWorld::eventually([&] { return pending_out(*q.qa) >= 1; }));
  // Failed attempts are logged: wait for two of them rather than for a while.
  ASSERT_TRUE(NodeWorld::eventually([&] {
    auto st = q.qa->sender_status("qa_to_dev");
    return st && st->consecutive_failures >= 2;
  })) << q.w.diagnose();

  const auto logs = q.w.logs();
  ASSERT_GT(logs.size(), 5u);
  const std::string key_part = q.code.substr(5, 40);  // the code's payload carries the one-time key
  for (const std::string& line : logs) {
    EXPECT_EQ(line.find("00112233445566778899aabbccddeeff"), std::string::npos) << "master key: " << line;
    EXPECT_EQ(line.find(key_part), std::string::npos) << "invitation code: " << line;
    EXPECT_EQ(line.find(q.tester.client->config().credentials.secret.reveal()), std::string::npos) << "tracker token: " << line;
    EXPECT_EQ(line.find("Authorization"), std::string::npos) << line;
    EXPECT_EQ(line.find("Signature"), std::string::npos) << line;
  }
  const bool told = std::any_of(logs.begin(), logs.end(), [](const std::string& l) {
    return l.find("delivery") != std::string::npos || l.find("qa_to_dev") != std::string::npos;
  });
  EXPECT_TRUE(told) << "the delivery failure should be logged (without secrets)";
}

}  // namespace
}  // namespace twinsync::testkit
