// Webhooks of the embedded tracker: registration in Cloud and Server shapes, Jira-shaped payloads
// for issue and comment events, delivery off the request thread, order per issue, retries with
// the same X-Atlassian-Webhook-Identifier.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "runtime/net/http_server.h"
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using twinsync::testkit::TrackerTest;

struct Received {
  std::string identifier;
  json payload;
};

// A webhook receiver on loopback that can be told to fail its first N requests.
class HookCatcher {
 public:
  HookCatcher() {
    auto s = twinsync::net::HttpServer::start({}, [this](const twinsync::net::HttpRequest& req) {
      std::lock_guard lock(mu_);
      if (fail_next_ > 0) {
        --fail_next_;
        failed_ids_.push_back(std::string(req.header("X-Atlassian-Webhook-Identifier")));
        return twinsync::net::HttpResponse{503, {}, "try later"};
      }
      got_.push_back({std::string(req.header("X-Atlassian-Webhook-Identifier")), json::parse(req.body, nullptr, false)});
      cv_.notify_all();
      return twinsync::net::HttpResponse{200, {}, ""};
    });
    server_ = std::move(*s);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/hook?x=1"; }
  void fail_next(int n) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
  }
  std::vector<Received> wait_for(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 5s, [&] { return got_.size() >= n; });
    return got_;
  }
  std::vector<std::string> failed_ids() {
    std::lock_guard lock(mu_);
    return failed_ids_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Received> got_;
  std::vector<std::string> failed_ids_;
  int fail_next_ = 0;
  std::unique_ptr<twinsync::net::HttpServer> server_;
};

class TrackerWebhook : public TrackerTest {
 protected:
  HookCatcher receiver;

  void register_cloud(const json& events, const std::string& jql = "project = DEMO") {
    auto r = call("POST", "/rest/api/3/webhook", {{"url", receiver.url()}, {"webhooks", {{{"events", events}, {"jqlFilter", jql}}}}});
    ASSERT_EQ(r.status, 200) << r.raw.body;
    ASSERT_TRUE(r.json["webhookRegistrationResult"][0].contains("createdWebhookId")) << r.raw.body;
  }
};

TEST_F(TrackerWebhook, IssueLifecyclePayloadsArriveInOrder) {
  register_cloud({"jira:issue_created", "jira:issue_updated", "jira:issue_deleted", "comment_created"});
  const std::string key = create("hooked");
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", "renamed"}}}}).status, 204);
  ASSERT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "hi"}}).status, 201);
  ASSERT_EQ(call("POST", "/rest/api/2/issue/" + key + "/transitions", {{"transition", {{"id", "11"}}}}).status, 204);
  ASSERT_EQ(call("DELETE", "/rest/api/2/issue/" + key).status, 204);
  auto got = receiver.wait_for(6);
  ASSERT_EQ(got.size(), 6u);
  std::vector<std::string> events;
  std::set<std::string> ids;
  for (const auto& r : got) {
    events.push_back(r.payload["webhookEvent"].get<std::string>() + "/" + r.payload.value("issue_event_type_name", ""));
    ids.insert(r.identifier);
    EXPECT_TRUE(r.payload["timestamp"].is_number_integer());
    EXPECT_EQ(r.payload["issue"]["key"], key);
    EXPECT_EQ(r.payload["user"]["emailAddress"], "admin@example.com");
  }
  EXPECT_EQ(events, (std::vector<std::string>{"jira:issue_created/issue_created", "jira:issue_updated/issue_updated",
                                              "comment_created/", "jira:issue_updated/issue_commented",
                                              "jira:issue_updated/issue_generic", "jira:issue_deleted/issue_deleted"}));
  EXPECT_EQ(ids.size(), 6u);
  const json& update = got[1].payload;
  EXPECT_EQ(update["changelog"]["items"][0]["field"], "summary");
  EXPECT_EQ(update["changelog"]["items"][0]["toString"], "renamed");
  EXPECT_EQ(update["issue"]["fields"]["summary"], "renamed");
  EXPECT_EQ(got[2].payload["comment"]["body"], "hi");
  EXPECT_EQ(got[4].payload["changelog"]["items"][0]["field"], "status");
}

TEST_F(TrackerWebhook, FailedDeliveriesAreRetriedWithTheSameIdentifierAndKeepOrder) {
  register_cloud({"jira:issue_created", "jira:issue_updated"});
  receiver.fail_next(2);
  const std::string key = create("flaky");
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", "second"}}}}).status, 204);
  EXPECT_TRUE(tracker_->webhooks_pending());  // the first attempt fails, the update waits behind it
  auto got = receiver.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].payload["webhookEvent"], "jira:issue_created");
  EXPECT_EQ(got[1].payload["webhookEvent"], "jira:issue_updated");
  auto failed = receiver.failed_ids();
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0], got[0].identifier);  // the created event was retried, the update waited
  EXPECT_EQ(failed[1], got[0].identifier);
  auto log = call("GET", "/rest/twinsync-admin/1/webhook-deliveries");
  ASSERT_EQ(log.status, 200);
  EXPECT_EQ(log.json[1]["attempts"], 3);  // newest first: [update, created]
  EXPECT_EQ(log.json[1]["state"], "delivered");
  for (int i = 0; i < 500 && tracker_->webhooks_pending(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(tracker_->webhooks_pending());
}

// Jira sends a write's webhooks once the write is made: every event of one edit (its update and,
// per comment it adds, comment_created and issue_commented) shows the issue as the edit left it.
TEST_F(TrackerWebhook, TheEventsOfOneWriteShowTheIssueAsTheWriteLeftIt) {
  register_cloud({"jira:issue_created", "jira:issue_updated", "comment_created"});
  const std::string key = create("before");
  const json edit = {{"fields", {{"summary", "after"}}},
                     {"update", {{"comment", {{{"add", {{"body", "one"}}}}, {{"add", {{"body", "two"}}}}}}}}};
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/" + key, edit).status, 204);
  auto got = receiver.wait_for(6);
  ASSERT_EQ(got.size(), 6u);
  std::vector<std::string> events;
  for (size_t i = 1; i < got.size(); ++i) {
    const json& p = got[i].payload;
    events.push_back(p["webhookEvent"].get<std::string>() + "/" + p.value("issue_event_type_name", ""));
    const json& fields = p["issue"]["fields"];
    EXPECT_EQ(fields["summary"], "after") << i;
    // Cloud's shapes: no comments in an issue event's issue; six fields in a comment event's.
    EXPECT_FALSE(fields.contains("comment")) << i;
    if (p["webhookEvent"] == "comment_created") {
      EXPECT_EQ(fields.size(), 6u) << fields.dump();
      EXPECT_EQ(p["issue"]["key"], key);
    } else {
      EXPECT_EQ(fields["updated"], got[1].payload["issue"]["fields"]["updated"]) << i;
    }
  }
  EXPECT_EQ(events, (std::vector<std::string>{"jira:issue_updated/issue_updated", "comment_created/",
                                              "jira:issue_updated/issue_commented", "comment_created/",
                                              "jira:issue_updated/issue_commented"}));
  EXPECT_EQ(got[2].payload["comment"]["body"], "one");
  EXPECT_EQ(got[4].payload["comment"]["body"], "two");
  EXPECT_EQ(got[0].payload["issue"]["fields"]["summary"], "before");  // an earlier write: as it left it
  EXPECT_FALSE(got[0].payload["issue"]["fields"].contains("worklog"));
}

TEST_F(TrackerWebhook, FiltersByEventsAndJql) {
  register_cloud({"comment_created"}, "project = OTHER");
  register_cloud({"jira:issue_created"});
  const std::string key = create("filtered");
  ASSERT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "not sent"}}).status, 201);
  // Every delivery the tracker meant to make is made: what did not come was filtered out.
  for (int i = 0; i < 500 && tracker_->webhooks_pending(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_FALSE(tracker_->webhooks_pending());
  auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload["webhookEvent"], "jira:issue_created");
}

// The filter reads the issue, comments included, though the payload carries none of them.
TEST_F(TrackerWebhook, AFilterOnCommentsSeesTheIssuesComments) {
  register_cloud({"comment_created"}, "project = DEMO AND comment ~ \"deploy\"");
  const std::string key = create("commented");
  ASSERT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "nothing to see"}}).status, 201);
  ASSERT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "ready to deploy"}}).status, 201);
  auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload["comment"]["body"], "ready to deploy");
  EXPECT_FALSE(got[0].payload["issue"]["fields"].contains("comment"));
}

TEST_F(TrackerWebhook, CloudRegistrationShape) {
  auto r = call("POST", "/rest/api/3/webhook",
                {{"url", receiver.url()},
                 {"webhooks", {{{"events", {"jira:issue_created"}}, {"jqlFilter", "project = DEMO"}, {"fieldIdsFilter", {"summary"}}},
                               {{"events", {"jira:issue_created"}}, {"jqlFilter", "watchCount > 1"}},
                               {{"events", {"no_such_event"}}, {"jqlFilter", "project = DEMO"}}}}});
  ASSERT_EQ(r.status, 200);
  const json& results = r.json["webhookRegistrationResult"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].contains("createdWebhookId"));
  EXPECT_TRUE(results[1].contains("errors"));
  EXPECT_TRUE(results[2].contains("errors"));
  auto list = call("GET", "/rest/api/3/webhook");
  ASSERT_EQ(list.json["values"].size(), 1u);
  EXPECT_EQ(list.json["values"][0]["fieldIdsFilter"], json({"summary"}));
  const auto id = list.json["values"][0]["id"];
  EXPECT_EQ(call("PUT", "/rest/api/3/webhook/refresh", {{"webhookIds", {id}}}).status, 200);
  EXPECT_EQ(call("DELETE", "/rest/api/3/webhook", {{"webhookIds", {id}}}).status, 202);
  EXPECT_EQ(call("GET", "/rest/api/3/webhook").json["values"].size(), 0u);
  EXPECT_EQ(call("POST", "/rest/api/3/webhook", {{"url", "ftp://x"}, {"webhooks", json::array()}}).status, 400);
}

TEST_F(TrackerWebhook, ServerAdminRegistrationShape) {
  auto r = call("POST", "/rest/webhooks/1.0/webhook",
                {{"name", "sync"}, {"url", receiver.url()}, {"events", {"jira:issue_updated"}},
                 {"filters", {{"issue-related-events-section", "project = DEMO"}}}});
  ASSERT_EQ(r.status, 201) << r.raw.body;
  EXPECT_EQ(r.json["name"], "sync");
  EXPECT_TRUE(r.json["enabled"].get<bool>());
  const std::string self = r.json["self"];
  const std::string id = self.substr(self.rfind('/') + 1);
  EXPECT_EQ(call("GET", "/rest/webhooks/1.0/webhook").json.size(), 1u);
  EXPECT_EQ(call("GET", "/rest/webhooks/1.0/webhook/" + id).json["url"], receiver.url());
  const std::string key = create("server hook");
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", "s2"}}}}).status, 204);
  auto got = receiver.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload["webhookEvent"], "jira:issue_updated");
  EXPECT_EQ(call("DELETE", "/rest/webhooks/1.0/webhook/" + id).status, 204);
  EXPECT_EQ(call("GET", "/rest/webhooks/1.0/webhook/" + id).status, 404);
}

TEST_F(TrackerWebhook, DeliveryOutlivesItsIssue) {
  register_cloud({"jira:issue_created", "jira:issue_deleted"});
  receiver.fail_next(1);
  const std::string key = create("short-lived");
  ASSERT_EQ(call("DELETE", "/rest/api/2/issue/" + key).status, 204);
  auto got = receiver.wait_for(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].payload["webhookEvent"], "jira:issue_deleted");
  EXPECT_EQ(got[1].payload["issue"]["fields"]["summary"], "short-lived");
}

TEST_F(TrackerWebhook, ConfiguredWebhookGetsEveryEvent) {
  twinsync::tracker::TrackerOptions opt;
  opt.webhook_urls = {receiver.url()};
  start_tracker(opt);
  const std::string key = create("configured");
  ASSERT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "c"}}).status, 201);
  EXPECT_EQ(receiver.wait_for(3).size(), 3u);
}

}  // namespace
