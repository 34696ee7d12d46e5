// The real Jira connector against the embedded tracker, part 3: the tracker's webhooks, received
// by a test HTTP server and read with the connector's parse_webhook — Server-style (--webhook)
// and Cloud's dynamic webhooks with a JQL filter compiled by the same JQL compiler.
#include <condition_variable>

#include "runtime/jira/webhook.h"
#include "runtime/net/http_server.h"
#include "tests/support/connector_tracker.h"

namespace {

using namespace twinsync;
using namespace std::chrono_literals;
using twinsync::testkit::ConnectorTrackerTest;

// Keeps every delivery it receives.
class Inbox {
 public:
  Inbox() {
    auto s = net::HttpServer::start({}, [this](const net::HttpRequest& req) {
      std::lock_guard lock(mu_);
      got_.push_back(req);
      cv_.notify_all();
      return net::HttpResponse{204, {}, ""};
    });
    EXPECT_TRUE(s);
    server_ = std::move(*s);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/jira-hook"; }
  std::vector<net::HttpRequest> wait_for(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, 5s, [&] { return got_.size() >= n; });
    return got_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<net::HttpRequest> got_;
  std::unique_ptr<net::HttpServer> server_;
};

TEST_F(ConnectorTrackerTest, ServerWebhooksParseIntoChangeEvents) {
  Inbox inbox;
  tracker::TrackerOptions opt;
  opt.webhook_urls = {inbox.url()};
  start_tracker(opt);
  auto client = connect();
  ASSERT_TRUE(client);
  auto ref = client->create_issue(new_task("hooked"));
  ASSERT_TRUE(ref);
  jira::WantedChanges edit;
  edit.set(IssueSlot::Summary, Value::string("hooked again"));
  edit.set_custom("Story Points", Value::number(3));
  ASSERT_TRUE(client->edit_issue(ref->key, edit));
  ASSERT_TRUE(client->add_comment(ref->key, "hello *there*"));
  // created, updated, comment_created + issue_updated (issue_commented)
  const auto deliveries = inbox.wait_for(4);
  ASSERT_EQ(deliveries.size(), 4u);
  std::vector<jira::ChangeEvent> events;
  for (const auto& d : deliveries) {
    EXPECT_EQ(d.method, "POST");
    EXPECT_EQ(d.target, "/jira-hook");
    auto ev = jira::parse_webhook(d.headers, d.body, client->catalog());
    ASSERT_TRUE(ev) << ev.error().message;
    EXPECT_TRUE(ev->warnings.empty()) << ev->warnings[0].text();
    EXPECT_EQ(ev->issue_key, ref->key);
    EXPECT_EQ(ev->dedupe_key(), "delivery:" + std::string(d.header("X-Atlassian-Webhook-Identifier")));
    EXPECT_EQ(ev->actor.field(slot(UserSlot::Email)).as_string(), "admin@example.com");
    events.push_back(std::move(*ev));
  }
  EXPECT_EQ(events[0].kind, jira::EventKind::IssueCreated);
  EXPECT_EQ(events[1].kind, jira::EventKind::IssueUpdated);
  bool summary_item = false, points_item = false;
  for (const auto& item : events[1].items) {
    summary_item = summary_item || (item.field == "summary" && item.to_string == "hooked again");
    points_item = points_item || item.field_id == "customfield_10010";
  }
  EXPECT_TRUE(summary_item && points_item);
  EXPECT_EQ(events[1].issue.field(slot(IssueSlot::Custom)).map_get("Story Points").as_number(), 3);
  bool comment_event = false;
  for (const auto& ev : events) {
    if (ev.kind != jira::EventKind::CommentCreated) continue;
    comment_event = true;
    EXPECT_EQ(ev.comment.field(slot(CommentSlot::Body)).as_string(), "hello *there*");
  }
  EXPECT_TRUE(comment_event);
}

TEST_F(ConnectorTrackerTest, CloudWebhookJqlFilterChoosesTheIssues) {
  Inbox inbox;
  auto reg = call("POST", "/rest/api/3/webhook",
                  {{"url", inbox.url()},
                   {"webhooks", {{{"events", {"jira:issue_created"}},
                                  {"jqlFilter", "project = DEMO AND labels = hot AND \"Story Points\" >= 5"}}}}});
  ASSERT_EQ(reg.status, 200) << reg.raw.body;
  ASSERT_TRUE(reg.json["webhookRegistrationResult"][0].contains("createdWebhookId")) << reg.raw.body;
  auto client = connect();
  ASSERT_TRUE(client);
  jira::WantedChanges cold = new_task("cold");
  cold.set(IssueSlot::Labels, Value::list({Value::string("cold")}));
  ASSERT_TRUE(client->create_issue(cold));
  jira::WantedChanges small = new_task("small");
  small.set(IssueSlot::Labels, Value::list({Value::string("hot")}));
  small.set_custom("Story Points", Value::number(1));
  ASSERT_TRUE(client->create_issue(small));
  jira::WantedChanges hot = new_task("hot");
  hot.set(IssueSlot::Labels, Value::list({Value::string("hot")}));
  hot.set_custom("Story Points", Value::number(8));
  auto hot_ref = client->create_issue(hot);
  ASSERT_TRUE(hot_ref);
  inbox.wait_for(1);
  std::this_thread::sleep_for(100ms);  // anything else would have come by now
  const auto all = inbox.wait_for(1);
  ASSERT_EQ(all.size(), 1u);
  auto ev = jira::parse_webhook(all[0].headers, all[0].body, client->catalog());
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->kind, jira::EventKind::IssueCreated);
  EXPECT_EQ(ev->issue_key, hot_ref->key);
}

}  // namespace
