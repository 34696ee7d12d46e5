// JQL search on the embedded tracker: the interim filter itself, /search with startAt and total,
// /search/jql with nextPageToken, ordering, and Jira's 400 for JQL it does not take.
#include "runtime/tracker/search_filter.h"
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::testing::TrackerTest;
using twinsync::tracker::IssueFacts;
using twinsync::tracker::SearchFilter;

constexpr std::int64_t kMinute = 60'000;

IssueFacts fact(twinsync::tracker::Id id, const char* key, const char* project, twinsync::tracker::Id project_id,
                std::int64_t number, std::int64_t created, std::int64_t updated) {
  IssueFacts f;
  f.id = id;
  f.key = key;
  f.project_key = project;
  f.project_id = project_id;
  f.number = number;
  f.created = created;
  f.updated = updated;
  return f;
}
constexpr std::int64_t kT0 = 1'767'225'600'000;  // 2026-01-01 00:00 UTC

TEST(InterimJql, MatchesTheClausesThePollerSends) {
  IssueFacts a = fact(10000, "QA-1", "QA", 1, 1, kT0, kT0 + 5 * kMinute + 30'000);
  IssueFacts b = fact(10001, "DEV-7", "DEV", 2, 7, kT0, kT0 + 3 * kMinute);
  auto f = SearchFilter::compile("project = QA AND updated >= \"2026/01/01 00:05\"", kT0);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_TRUE(f->matches(a));
  EXPECT_FALSE(f->matches(b));
  auto g = SearchFilter::compile("project in (QA, dev) and updated > '2026-01-01 00:03'", kT0);
  ASSERT_TRUE(g);
  EXPECT_TRUE(g->matches(a));
  EXPECT_FALSE(g->matches(b));  // 00:03:00 is not after the minute 00:03
  EXPECT_TRUE(SearchFilter::compile("issuekey in (QA-1, DEV-9)", kT0)->matches(a));
  EXPECT_FALSE(SearchFilter::compile("key = DEV-9", kT0)->matches(b));
  EXPECT_TRUE(SearchFilter::compile("key != DEV-9", kT0)->matches(b));
  EXPECT_TRUE(SearchFilter::compile("updated >= -10m", kT0 + 10 * kMinute)->matches(a));
  EXPECT_FALSE(SearchFilter::compile("created < 2026-01-01", kT0)->matches(a));
  EXPECT_TRUE(SearchFilter::compile("", kT0)->matches(b));
  EXPECT_TRUE(SearchFilter::compile("ORDER BY key", kT0)->matches(b));
}

TEST(InterimJql, OrdersByTheOrderByKeys) {
  IssueFacts a = fact(1, "QA-1", "QA", 1, 1, kT0, kT0 + 2);
  IssueFacts b = fact(2, "QA-10", "QA", 1, 10, kT0 + 1, kT0 + 1);
  EXPECT_TRUE(SearchFilter::compile("order by updated asc", 0)->before(b, a));
  EXPECT_TRUE(SearchFilter::compile("order by key", 0)->before(a, b));   // by number, not text
  EXPECT_TRUE(SearchFilter::compile("order by key DESC", 0)->before(b, a));
  EXPECT_TRUE(SearchFilter::compile("project = QA", 0)->before(b, a));  // created DESC by default
}

TEST(InterimJql, CombinesClausesWithAndOrNotAndParentheses) {
  IssueFacts a = fact(10000, "QA-1", "QA", 1, 1, kT0, kT0);
  a.issuetype = "Bug";
  a.status = "To Do";
  a.priority = "High";
  a.labels = {"sync", "qa"};
  a.assignee = {"acc-1", "ann", "ann@example.com"};
  IssueFacts b = fact(10001, "DEV-7", "DEV", 2, 7, kT0, kT0);
  b.issuetype = "Task";
  b.status = "Done";
  b.priority = "Low";
  b.resolution = "Done";
  auto m = [&](const char* jql, const IssueFacts& i) {
    auto f = SearchFilter::compile(jql, kT0);
    EXPECT_TRUE(f) << jql << ": " << (f ? "" : f.error().message);
    return f && f->matches(i);
  };
  EXPECT_TRUE(m("(project = QA) AND updated >= \"2025/12/31 23:00\" ORDER BY key ASC", a));  // the poller's shape
  EXPECT_TRUE(m("project = DEV OR labels = sync", a));
  EXPECT_TRUE(m("project = DEV OR labels = sync", b));
  EXPECT_FALSE(m("NOT (project = DEV OR labels = sync)", b));
  EXPECT_TRUE(m("issuetype = Bug and status in (\"To Do\", \"In Progress\") and priority != Low", a));
  EXPECT_TRUE(m("labels in (sync) AND assignee = \"ann@example.com\"", a));
  EXPECT_TRUE(m("assignee is EMPTY and resolution = Done", b));
  EXPECT_TRUE(m("resolution = EMPTY", a));
  EXPECT_TRUE(m("labels is not empty", a));
  EXPECT_FALSE(m("labels != sync", b));  // negations skip empty fields, as in Jira
  EXPECT_TRUE(m("labels not in (other)", a));
}

TEST(InterimJql, RefusesWhatItDoesNotUnderstand) {
  for (const char* jql : {"summary ~ crash", "project = ", "updated >= \"yesterday\"", "project in (QA",
                          "project = QA ORDER BY rank", "updated in (1, 2)", "\"unterminated", "(project = QA",
                          "assignee = currentUser()", "status WAS Done", "fixVersion = 1.0", "project = QA project = DEV",
                          "priority > High"}) {
    auto f = SearchFilter::compile(jql, kT0);
    EXPECT_FALSE(f) << jql;
    if (!f) {
      EXPECT_EQ(f.error().kind, "bad_jql");
    }
  }
}

class TrackerSearch : public TrackerTest {
 protected:
  void SetUp() override {
    TrackerTest::SetUp();
    for (int i = 1; i <= 7; ++i) create("issue " + std::to_string(i));
  }
};

TEST_F(TrackerSearch, V2SearchPagesWithStartAtAndTotal) {
  auto page = call("GET", "/rest/api/2/search?jql=project%20%3D%20DEMO%20ORDER%20BY%20key%20ASC&startAt=2&maxResults=3"
                          "&fields=summary");
  ASSERT_EQ(page.status, 200) << page.raw.body;
  EXPECT_EQ(page.json["total"], 7);
  EXPECT_EQ(page.json["startAt"], 2);
  ASSERT_EQ(page.json["issues"].size(), 3u);
  EXPECT_EQ(page.json["issues"][0]["key"], "DEMO-3");
  EXPECT_EQ(page.json["issues"][0]["fields"].size(), 1u);
  auto post = call("POST", "/rest/api/2/search", {{"jql", "key in (DEMO-1, DEMO-2)"}, {"fields", {"summary", "status"}},
                                                  {"expand", {"names"}}});
  ASSERT_EQ(post.status, 200);
  EXPECT_EQ(post.json["total"], 2);
  EXPECT_EQ(post.json["names"]["summary"], "Summary");
}

TEST_F(TrackerSearch, SearchJqlPagesWithNextPageTokenAndNoTotal) {
  std::vector<std::string> keys;
  std::string token;
  for (int round = 0; round < 5; ++round) {
    std::string target = "/rest/api/3/search/jql?jql=project%3DDEMO%20order%20by%20key%20asc&maxResults=3&fields=summary";
    if (!token.empty()) target += "&nextPageToken=" + token;
    auto r = call("GET", target);
    ASSERT_EQ(r.status, 200) << r.raw.body;
    EXPECT_FALSE(r.json.contains("total"));
    for (const auto& i : r.json["issues"]) keys.push_back(i["key"]);
    if (r.json["isLast"].get<bool>()) break;
    token = r.json["nextPageToken"];
  }
  EXPECT_EQ(keys.size(), 7u);
  EXPECT_EQ(keys.front(), "DEMO-1");
  EXPECT_EQ(keys.back(), "DEMO-7");
  auto ids_only = call("POST", "/rest/api/3/search/jql", {{"jql", "project = DEMO"}, {"maxResults", 100}});
  ASSERT_EQ(ids_only.json["issues"].size(), 7u);
  EXPECT_TRUE(ids_only.json["issues"][0]["fields"].empty());
  EXPECT_EQ(call("GET", "/rest/api/3/search/jql?jql=project%3DDEMO&nextPageToken=bogus").status, 400);
}

TEST_F(TrackerSearch, UpdatedSinceFindsRecentChanges) {
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-4", {{"fields", {{"summary", "touched"}}}}).status, 204);
  auto r = call("POST", "/rest/api/3/search/jql", {{"jql", "project = DEMO AND updated >= -1m ORDER BY updated DESC"},
                                                   {"fields", {"summary", "updated"}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["issues"][0]["key"], "DEMO-4");
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=updated%20%3E%3D%20%222000/01/01%2000:00%22").json["total"], 7);
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=updated%20%3C%20%222000-01-01%2000:00%22").json["total"], 0);
}

TEST_F(TrackerSearch, FindsByLabelsTypeAndStatus) {
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-2", {{"fields", {{"labels", {"twinsync-marker-1"}}}}}).status, 204);
  ASSERT_EQ(call("POST", "/rest/api/2/issue/DEMO-3/transitions", {{"transition", {{"id", "11"}}}}).status, 204);
  auto marker = call("POST", "/rest/api/3/search/jql", {{"jql", "labels = \"twinsync-marker-1\""}, {"fields", {"summary"}}});
  ASSERT_EQ(marker.json["issues"].size(), 1u);
  EXPECT_EQ(marker.json["issues"][0]["key"], "DEMO-2");
  auto moving = call("POST", "/rest/api/2/search", {{"jql", "(project = DEMO) AND status = \"In Progress\" AND issuetype = Task"}});
  EXPECT_EQ(moving.json["total"], 1);
  EXPECT_EQ(call("POST", "/rest/api/2/search", {{"jql", "status = \"To Do\" OR key = DEMO-3"}}).json["total"], 7);
}

TEST_F(TrackerSearch, UnsupportedJqlIsA400WithJirasBody) {
  auto r = call("GET", "/rest/api/2/search?jql=summary%20~%20crash");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["errorMessages"].size(), 1u);
  EXPECT_TRUE(r.json["errors"].is_object());
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=project%3DDEMO&maxResults=ten").status, 400);
}

}  // namespace
