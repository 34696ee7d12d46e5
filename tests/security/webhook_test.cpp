// The webhook endpoint as a hostile sender meets it: a delivery without the node's webhook
// secret (in the URL's path, or as Jira's X-Hub-Signature) is refused; a delivery naming no
// valid issue key is refused; the queue of keys to read is bounded.
#include <gtest/gtest.h>

#include "compiler/support/encoding.h"
#include "runtime/transport/crypto.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

std::string delivery(const std::string& key) {
  return nlohmann::json{{"webhookEvent", "jira:issue_updated"},
                        {"timestamp", 1700000000000},
                        {"issue", {{"id", "10001"}, {"key", key}, {"fields", {{"summary", "x"}}}}}}
      .dump();
}

class WebhookEndpoint : public ::testing::Test {
 protected:
  WebhookEndpoint() {
    w.add_tracker("blue", {"QA"});
    qa = &w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
    auto s = node::resolve_secret([&] {
      node::SecretRef ref;
      ref.file = node::default_secret_path(qa->store().path(), ".webhook-secret");
      return ref;
    }());
    secret = s ? *s : "";
  }
  net::HttpResponse post(const std::string& target, const std::string& body, net::Headers headers = {}) {
    auto client = net::make_http_client(*net::parse_endpoint(qa->listen_url()));
    headers.push_back({"Content-Type", "application/json"});
    auto r = (*client)->send({"POST", target, headers, body});
    EXPECT_TRUE(r);
    return r ? *r : net::HttpResponse{};
  }

  NodeWorld w;
  node::Node* qa = nullptr;
  std::string secret;
};

TEST_F(WebhookEndpoint, ADeliveryWithoutTheSecretIsRefused) {
  ASSERT_EQ(secret.size(), 64u) << "a node without webhookSecret makes one beside its store";
  EXPECT_EQ(post("/webhooks/jira", delivery("QA-1")).status, 401);
  EXPECT_EQ(post("/webhooks/jira/" + std::string(64, 'a'), delivery("QA-1")).status, 401);
  EXPECT_EQ(post("/webhooks/jira/" + secret.substr(0, 32), delivery("QA-1")).status, 401);
  EXPECT_EQ(post("/webhooks/jira", delivery("QA-1"), {{"X-Hub-Signature", "sha256=" + std::string(64, '0')}}).status, 401);
}

TEST_F(WebhookEndpoint, ADeliveryWithTheSecretIsTaken) {
  EXPECT_EQ(post("/webhooks/jira/" + secret, delivery("QA-1")).status, 200);
  const std::string body = delivery("QA-2");
  const std::string signature = "sha256=" + hex_encode(transport::hmac_sha256(secret, body));
  EXPECT_EQ(post("/webhooks/jira", body, {{"X-Hub-Signature", signature}}).status, 200);
}

TEST_F(WebhookEndpoint, TheTrackerDeliversToTheSecretUrlItWasGiven) {
  // registerWebhook gave the tracker the URL with the secret: a real change arrives through it.
  TrackerUser tester = w.user("blue");
  const std::string bug = tester.create({{"project", {{"key", "QA"}}}, {"summary", "hook"}, {"labels", {"vetted"}}});
  ASSERT_TRUE(NodeWorld::eventually([&] { return !qa->issue_status(bug)->empty(); }, std::chrono::seconds(20)))
      << w.diagnose();
  for (const std::string& line : w.logs()) {
    EXPECT_EQ(line.find(secret), std::string::npos) << "the secret never reaches a log line: " << line;
  }
}

TEST_F(WebhookEndpoint, KeysAreValidated) {
  for (const std::string& bad : std::vector<std::string>{"QA-1 OR project = HR", "../../admin", "qa-1", "QA-", "-1", std::string(100, 'A') + "-1"}) {
    EXPECT_EQ(post("/webhooks/jira/" + secret, delivery(bad)).status, 400) << bad;
  }
}

}  // namespace
}  // namespace twinsync::testkit
