// The real Jira connector against the embedded tracker, part 2: search with both paginations
// (Cloud's nextPageToken, Data Center's startAt), JQL polling with the watermark, and 429 with
// Retry-After under the tracker's --rate-limit.
#include "tests/support/connector_tracker.h"

namespace {

using namespace twinsync;
using twinsync::testkit::ConnectorTrackerTest;
using twinsync::testkit::MemoryWatermarks;
using twinsync::testkit::ScaledClock;

std::vector<std::string> keys_of(const std::vector<jira::Json>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.value("key", ""));
  return out;
}

TEST_F(ConnectorTrackerTest, SearchPagesWithNextPageTokenAndWithStartAt) {
  for (int i = 1; i <= 5; ++i) create("issue " + std::to_string(i));
  for (auto config : {jira::JiraConfig{}, data_center()}) {
    config.page_size = 2;
    auto client = connect(config);
    ASSERT_TRUE(client);
    jira::SearchRequest request;
    request.jql = "project = DEMO ORDER BY key ASC";
    request.fields = {"summary", "updated"};
    auto pager = client->search(request);
    std::vector<std::string> seen;
    while (!pager.done()) {
      auto page = pager.next();
      ASSERT_TRUE(page) << page.error().message;
      if (!client->dialect().cloud()) {
        EXPECT_EQ(page->total, 5);
      }
      for (const auto& i : page->issues) seen.push_back(i.value("key", ""));
    }
    EXPECT_EQ(pager.pages(), 3);
    EXPECT_EQ(seen, (std::vector<std::string>{"DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4", "DEMO-5"}));
    request.jql = "summary ~ \"issue 4\" OR key = DEMO-2 ORDER BY key DESC";
    auto all = client->search_all(request);
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_EQ(keys_of(*all), (std::vector<std::string>{"DEMO-4", "DEMO-2"}));
    request.jql = "frobnicate = 1";
    auto bad = client->search_all(request);
    ASSERT_FALSE(bad);
    EXPECT_EQ(error_kind_text(bad.error()), "http_400");
    EXPECT_NE(bad.error().message.find("frobnicate"), std::string::npos) << bad.error().message;
  }
}

// Keys alone come 5,000 to a page on Cloud and 1,000 on Data Center, as Jira gives them; a page
// with any other field stays at 1,000 however many are asked for. 1,100 issues: one page of keys
// on Cloud, two on Data Center, twelve of summaries at the configured 100.
TEST_F(ConnectorTrackerTest, KeysComeInTheLargestPagesJiraGives) {
  for (int i = 1; i <= 1100; ++i) create("issue " + std::to_string(i));
  for (auto config : {jira::JiraConfig{}, data_center()}) {
    auto client = connect(config);
    ASSERT_TRUE(client);
    auto keys = client->search(jira::SearchRequest{"project = DEMO ORDER BY key ASC", {"key"}, {}, 0});
    size_t seen = 0;
    while (!keys.done()) {
      auto page = keys.next();
      ASSERT_TRUE(page) << page.error().message;
      seen += page->issues.size();
    }
    EXPECT_EQ(seen, 1100u);
    EXPECT_EQ(keys.pages(), client->dialect().cloud() ? 1 : 2);
    auto summaries = client->search(jira::SearchRequest{"project = DEMO", {"summary"}, {}, 0});
    while (!summaries.done()) ASSERT_TRUE(summaries.next());
    EXPECT_EQ(summaries.pages(), 11);
  }
  auto asked = call("POST", "/rest/api/3/search/jql", {{"jql", "project = DEMO"}, {"fields", {"summary"}}, {"maxResults", 5000}});
  EXPECT_EQ(asked.json["issues"].size(), 1000u);
  EXPECT_TRUE(asked.json.contains("nextPageToken"));
}

TEST_F(ConnectorTrackerTest, PollingReportsEachChangeOnceAndKeepsTheWatermark) {
  for (int i = 1; i <= 3; ++i) create("issue " + std::to_string(i));
  auto client = connect();
  ASSERT_TRUE(client);
  MemoryWatermarks marks;
  jira::PollOptions options;
  options.jql = "project = DEMO";
  options.initial_lookback_ms = 3'600'000;
  jira::JqlPoller poller(*client, marks, options, jira::system_clock());
  auto poll = [&] {
    std::vector<std::string> keys;
    EXPECT_TRUE(poller.begin());
    while (true) {
      auto page = poller.next_page();
      EXPECT_TRUE(page) << page.error().message;
      if (!page) break;
      for (const auto& h : page->hits) keys.push_back(h.key);
      EXPECT_TRUE(poller.confirm(*page));
      if (page->last) break;
    }
    return keys;
  };
  EXPECT_EQ(poll(), (std::vector<std::string>{"DEMO-1", "DEMO-2", "DEMO-3"}));
  ASSERT_TRUE(marks.value);
  const int64_t first_mark = *marks.value;
  EXPECT_EQ(poller.jql().rfind("(project = DEMO) AND updated >= \"", 0), 0u) << poller.jql();
  EXPECT_TRUE(poll().empty());  // the overlap brings them back; they are not reported twice
  jira::WantedChanges edit;
  edit.set(IssueSlot::Summary, Value::string("changed"));
  ASSERT_TRUE(client->edit_issue("DEMO-2", edit));
  ASSERT_TRUE(client->add_comment("DEMO-3", "a comment moves updated"));
  EXPECT_EQ(poll(), (std::vector<std::string>{"DEMO-2", "DEMO-3"}));
  EXPECT_GE(*marks.value, first_mark);
}

TEST_F(ConnectorTrackerTest, RateLimitedTrackerAnswers429AndTheClientWaits) {
  tracker::TrackerOptions opt;
  opt.rate_limit = 20;  // per second, bursts of 20
  start_tracker(opt);
  ScaledClock clock(10);  // Retry-After is honoured, at a tenth of the wait
  jira::JiraConfig config;
  config.retry.max_attempts = 8;
  auto client = connect(config, &clock);
  ASSERT_TRUE(client);
  for (int i = 0; i < 22; ++i) {  // 4 more than connect() left of the burst
    auto info = client->server_info();
    ASSERT_TRUE(info) << info.error().message;
  }
  bool waited_a_second = false;
  for (int64_t ms : clock.sleeps()) waited_a_second = waited_a_second || ms >= 1000;
  EXPECT_TRUE(waited_a_second) << "no Retry-After wait of a second was asked for";
  auto raw = call("GET", "/rest/api/2/serverInfo");
  for (int i = 0; i < 30 && raw.status != 429; ++i) raw = call("GET", "/rest/api/2/serverInfo");
  ASSERT_EQ(raw.status, 429);
  EXPECT_EQ(raw.raw.header("Retry-After"), "1");
  EXPECT_EQ(raw.json["errorMessages"][0], "Rate limit exceeded.");
}

}  // namespace
