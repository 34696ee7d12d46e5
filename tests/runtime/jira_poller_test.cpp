// JQL polling: the watermark is taken before the poll, reaches back at least a minute, moves only
// after every page is confirmed, and what comes twice is reported once.
#include <gtest/gtest.h>

#include "compiler/vm/datetime.h"
#include "runtime/jira/client.h"
#include "runtime/jira/poller.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"

namespace twinsync::jira {
namespace {

using testkit::FakeClock;
using testkit::FakeHttpClient;

class MemoryWatermark final : public WatermarkStore {
 public:
  std::optional<int64_t> value;
  int stores = 0;
  Result<std::optional<int64_t>> load() override { return value; }
  Status store(int64_t ms) override {
    value = ms;
    ++stores;
    return ok_status();
  }
};

int64_t at(const char* when) { return *datetime::parse_datetime(when); }

std::string hit(const std::string& key, const std::string& updated) {
  return R"({"key":")" + key + R"(","id":"1","fields":{"updated":")" + updated + R"("}})";
}

std::string page(const std::vector<std::string>& hits, const std::string& token) {
  std::string out = R"({"issues":[)";
  for (size_t i = 0; i < hits.size(); ++i) out += (i ? "," : "") + hits[i];
  out += "]";
  out += token.empty() ? R"(,"isLast":true})" : R"(,"nextPageToken":")" + token + R"("})";
  return out;
}

struct Poll {
  FakeHttpClient http;
  FakeClock clock{at("2024-01-31T10:00:30.000+0000")};
  MemoryWatermark store;
  std::unique_ptr<JiraClient> client;
  std::unique_ptr<JqlPoller> poller;

  explicit Poll(PollOptions options = {}) {
    JiraConfig config;
    config.base_url = "https://acme.atlassian.net";
    client = std::make_unique<JiraClient>(http, config, clock);
    if (options.jql.empty()) options.jql = "project = QA";
    poller = std::make_unique<JqlPoller>(*client, store, options, clock);
  }
  std::string sent_jql(size_t i) { return Json::parse(http.requests().at(i).body)["jql"]; }
};

TEST(JiraPoller, QueryReachesBackAtLeastAMinuteInTheUsersZone) {
  PollOptions options;
  options.overlap_ms = 10'000;  // too short: raised to a minute
  options.utc_offset_minutes = 60;
  Poll p(options);
  p.store.value = at("2024-01-31T09:00:00.000+0000");
  ASSERT_TRUE(p.poller->begin());
  EXPECT_EQ(p.poller->jql(), R"((project = QA) AND updated >= "2024/01/31 09:59" ORDER BY key ASC)");
}

TEST(JiraPoller, WatermarkIsTakenBeforeThePollAndStoredAfterTheLastConfirm) {
  Poll p;
  p.store.value = at("2024-01-31T09:00:00.000+0000");
  const int64_t started = p.clock.now_ms();
  p.http.set_handler([&](const net::HttpRequest& req) -> Result<net::HttpResponse> {
    p.clock.advance(90'000);  // a slow search: changes made meanwhile belong to the next poll
    net::HttpResponse r;
    const Json body = Json::parse(req.body);
    r.body = body.contains("nextPageToken") ? page({hit("QA-3", "2024-01-31T09:40:00.000+0000")}, "")
                                            : page({hit("QA-1", "2024-01-31T09:30:00.000+0000"),
                                                    hit("QA-2", "2024-01-31T09:35:00.000+0000")},
                                                   "p2");
    return r;
  });
  ASSERT_TRUE(p.poller->begin());
  auto first = p.poller->next_page();
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->hits.size(), 2u);
  EXPECT_FALSE(first->last);
  ASSERT_TRUE(p.poller->confirm(*first));
  EXPECT_EQ(p.store.stores, 0);  // not before the whole poll is processed
  auto second = p.poller->next_page();
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->last);
  ASSERT_TRUE(p.poller->confirm(*second));
  EXPECT_EQ(p.store.stores, 1);
  EXPECT_EQ(p.store.value, started);  // the time before the poll, not after it
}

TEST(JiraPoller, UnconfirmedPollIsRepeatedFromTheSameWatermark) {
  Poll p;
  p.store.value = at("2024-01-31T09:00:00.000+0000");
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({hit("QA-1", "2024-01-31T09:30:00.000+0000")}, ""));
  ASSERT_TRUE(p.poller->begin());
  const std::string first_jql = p.poller->jql();
  ASSERT_TRUE(p.poller->next_page());
  // The node stops before confirming; the next poll asks the same question and gets QA-1 again.
  p.clock.advance(300'000);
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({hit("QA-1", "2024-01-31T09:30:00.000+0000")}, ""));
  ASSERT_TRUE(p.poller->begin());
  EXPECT_EQ(p.poller->jql(), first_jql);
  auto again = p.poller->next_page();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->hits.size(), 1u);
  EXPECT_EQ(p.store.stores, 0);
}

TEST(JiraPoller, OverlapDuplicatesAreReportedOnce) {
  Poll p;
  p.store.value = at("2024-01-31T10:00:00.000+0000");
  const std::string qa1 = hit("QA-1", "2024-01-31T09:59:40.000+0000");
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({qa1}, ""));
  ASSERT_TRUE(p.poller->begin());
  auto first = p.poller->next_page();
  ASSERT_TRUE(first);
  ASSERT_EQ(first->hits.size(), 1u);
  ASSERT_TRUE(p.poller->confirm(*first));

  p.clock.advance(60'000);
  // QA-1 again (inside the overlap), unchanged; QA-2 is new; then QA-1 changes once more.
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({qa1, hit("QA-2", "2024-01-31T10:00:50.000+0000")}, ""));
  ASSERT_TRUE(p.poller->begin());
  auto second = p.poller->next_page();
  ASSERT_TRUE(second);
  ASSERT_EQ(second->hits.size(), 1u);
  EXPECT_EQ(second->hits[0].key, "QA-2");
  ASSERT_TRUE(p.poller->confirm(*second));

  p.clock.advance(60'000);
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({hit("QA-1", "2024-01-31T10:01:10.000+0000")}, ""));
  ASSERT_TRUE(p.poller->begin());
  auto third = p.poller->next_page();
  ASSERT_TRUE(third);
  ASSERT_EQ(third->hits.size(), 1u);  // a new `updated`: a new change
  EXPECT_EQ(third->hits[0].updated_ms, at("2024-01-31T10:01:10.000+0000"));
}

TEST(JiraPoller, AHitRepeatedWithinOnePollIsReportedOnce) {
  Poll p;
  const std::string qa1 = hit("QA-1", "2024-01-31T09:59:00.000+0000");
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({qa1}, "t"));
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({qa1, hit("QA-2", "2024-01-31T09:59:10.000+0000")}, ""));
  ASSERT_TRUE(p.poller->begin());
  auto first = p.poller->next_page();
  ASSERT_TRUE(first);
  auto second = p.poller->next_page();  // fetched before the first page is confirmed
  ASSERT_TRUE(second);
  ASSERT_EQ(second->hits.size(), 1u);
  EXPECT_EQ(second->hits[0].key, "QA-2");
  ASSERT_TRUE(p.poller->confirm(*first));
  ASSERT_TRUE(p.poller->confirm(*second));
}

TEST(JiraPoller, PagesAreConfirmedInOrder) {
  Poll p;
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({hit("QA-1", "2024-01-31T09:59:00.000+0000")}, "t"));
  ASSERT_TRUE(p.poller->begin());
  auto first = p.poller->next_page();
  ASSERT_TRUE(first);
  PollPage wrong = *first;
  wrong.number = 2;
  auto refused = p.poller->confirm(wrong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::Usage);
}

TEST(JiraPoller, FirstPollLooksBackAsConfigured) {
  PollOptions options;
  options.initial_lookback_ms = 3'600'000;
  Poll p(options);
  p.http.expect("POST", "/rest/api/3/search/jql", 200, page({}, ""));
  ASSERT_TRUE(p.poller->begin());
  // 10:00:30 - 1 h - 2 min overlap, at minute resolution.
  EXPECT_NE(p.poller->jql().find(R"(updated >= "2024/01/31 08:58")"), std::string::npos) << p.poller->jql();
  auto empty = p.poller->next_page();
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->hits.empty());
  ASSERT_TRUE(p.poller->confirm(*empty));
  EXPECT_EQ(p.store.value, at("2024-01-31T10:00:30.000+0000"));
}

TEST(JiraPoller, FailedSearchLeavesTheWatermark) {
  Poll p;
  p.store.value = at("2024-01-31T09:00:00.000+0000");
  p.http.expect("POST", "/rest/api/3/search/jql", 400, R"({"errorMessages":["Error in the JQL Query"]})");
  ASSERT_TRUE(p.poller->begin());
  auto failed = p.poller->next_page();
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("Error in the JQL Query"), std::string::npos);
  EXPECT_FALSE(p.poller->active());
  EXPECT_EQ(p.store.value, at("2024-01-31T09:00:00.000+0000"));
}

}  // namespace
}  // namespace twinsync::jira
