// JQL search on the embedded tracker, through the project's JQL compiler: what the connector and
// python3-jira send, custom fields by name and cf[id], text search, functions, ORDER BY, /search
// with startAt and total, /search/jql with nextPageToken, and Jira's 400 for bad JQL.
#include <chrono>
#include <thread>

#include "tests/support/jira_fixtures.h"
#include "tests/support/tracker_client.h"

namespace tracker_search_test {
namespace {

using nlohmann::json;
using twinsync::testkit::ApiResult;
using twinsync::testkit::TrackerTest;

class TrackerSearch : public TrackerTest {
 protected:
  void SetUp() override {
    TrackerTest::SetUp();
    for (int i = 1; i <= 7; ++i) create("issue " + std::to_string(i));
  }

  // The keys a POST /search finds, in order; fails the test on anything but 200.
  std::vector<std::string> keys(const std::string& jql) {
    auto r = call("POST", "/rest/api/2/search", {{"jql", jql}, {"fields", {"summary"}}, {"maxResults", 1000}});
    EXPECT_EQ(r.status, 200) << jql << ": " << r.raw.body;
    std::vector<std::string> out;
    if (r.json.is_object()) {
      for (const auto& i : r.json["issues"]) out.push_back(i["key"]);
    }
    return out;
  }

  ApiResult bad(const std::string& jql) { return call("POST", "/rest/api/2/search", {{"jql", jql}}); }
};

using Keys = std::vector<std::string>;

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
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=&maxResults=2").json["total"], 7);  // empty JQL: everything
}

TEST_F(TrackerSearch, SearchJqlPagesWithNextPageTokenAndNoTotal) {
  std::vector<std::string> found;
  std::string token;
  for (int round = 0; round < 5; ++round) {
    std::string target = "/rest/api/3/search/jql?jql=project%3DDEMO%20order%20by%20key%20asc&maxResults=3&fields=summary";
    if (!token.empty()) target += "&nextPageToken=" + token;
    auto r = call("GET", target);
    ASSERT_EQ(r.status, 200) << r.raw.body;
    EXPECT_FALSE(r.json.contains("total"));
    for (const auto& i : r.json["issues"]) found.push_back(i["key"]);
    if (r.json["isLast"].get<bool>()) break;
    token = r.json["nextPageToken"];
  }
  EXPECT_EQ(found.size(), 7u);
  EXPECT_EQ(found.front(), "DEMO-1");
  EXPECT_EQ(found.back(), "DEMO-7");
  auto ids_only = call("POST", "/rest/api/3/search/jql", {{"jql", "project = DEMO"}, {"maxResults", 100}});
  ASSERT_EQ(ids_only.json["issues"].size(), 7u);
  EXPECT_TRUE(ids_only.json["issues"][0]["fields"].empty());
  EXPECT_EQ(call("GET", "/rest/api/3/search/jql?jql=project%3DDEMO&nextPageToken=bogus").status, 400);
}

TEST_F(TrackerSearch, TheConnectorsPollAndMarkerQueries) {
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-4", {{"fields", {{"summary", "touched"}}}}).status, 204);
  auto r = call("POST", "/rest/api/3/search/jql", {{"jql", "project = DEMO AND updated >= -1m ORDER BY updated DESC"},
                                                   {"fields", {"summary", "updated"}}});
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.json["issues"][0]["key"], "DEMO-4");
  EXPECT_EQ(keys("(project = DEMO) AND updated >= \"2000/01/01 00:00\" ORDER BY key ASC").size(), 7u);
  EXPECT_EQ(keys("updated >= \"2000-01-01 00:00\"").size(), 7u);
  EXPECT_EQ(keys("updated < \"2000-01-01\"").size(), 0u);
  EXPECT_EQ(keys("created > startOfDay(-1) AND created <= now()").size(), 7u);
  // The bounds are real instants (a day count once overflowed an int when scaled to ms).
  EXPECT_EQ(keys("created >= startOfDay(1)").size(), 0u);
  EXPECT_EQ(keys("created <= endOfDay(-2)").size(), 0u);
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-2", {{"fields", {{"labels", {"twinsync-marker-1"}}}}}).status, 204);
  auto marker = call("POST", "/rest/api/3/search/jql", {{"jql", "labels = \"twinsync-marker-1\""}, {"fields", {"summary"}}});
  ASSERT_EQ(marker.json["issues"].size(), 1u);
  EXPECT_EQ(marker.json["issues"][0]["key"], "DEMO-2");
}

TEST_F(TrackerSearch, ClausesOnWorkflowLabelsAndUsers) {
  ASSERT_EQ(call("POST", "/rest/api/2/issue/DEMO-3/transitions", {{"transition", {{"id", "11"}}}}).status, 204);
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-5", {{"fields", {{"assignee", {{"name", "ann"}}},
                                                                 {"labels", {"sync", "qa"}},
                                                                 {"priority", {{"name", "High"}}}}}}).status, 204);
  EXPECT_EQ(keys("(project = DEMO) AND status = \"In Progress\" AND issuetype = Task"), Keys{"DEMO-3"});
  EXPECT_EQ(keys("status = \"To Do\" OR key = DEMO-3").size(), 7u);
  EXPECT_EQ(keys("NOT (status = \"To Do\")"), Keys{"DEMO-3"});
  EXPECT_EQ(keys("labels in (sync) AND assignee = \"ann@example.com\""), Keys{"DEMO-5"});
  EXPECT_EQ(keys("assignee = \"Ann QA\" AND assignee = ann"), Keys{"DEMO-5"});
  EXPECT_EQ(keys("assignee = currentUser()"), Keys{});
  EXPECT_EQ(keys("labels is not EMPTY"), Keys{"DEMO-5"});
  EXPECT_EQ(keys("labels = EMPTY AND resolution is EMPTY").size(), 6u);
  EXPECT_EQ(keys("priority >= High"), Keys{"DEMO-5"});
  EXPECT_EQ(keys("priority > Medium AND priority < Highest"), Keys{"DEMO-5"});
  EXPECT_EQ(keys("PROJECT = demo and ISSUETYPE = task").size(), 7u);  // names ignore case
}

TEST_F(TrackerSearch, CustomFieldsByNameAndById) {
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-6", {{"fields", {{"customfield_10010", 8},
                                                                 {"customfield_10012", {{"value", "S2 - Major"}}},
                                                                 {"customfield_10013", {{{"value", "Linux"}}}},
                                                                 {"customfield_10011", "ACME Corp"}}}}).status, 204);
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-7", {{"fields", {{"customfield_10010", 3}}}}).status, 204);
  EXPECT_EQ(keys("\"Story Points\" > 5"), Keys{"DEMO-6"});
  EXPECT_EQ(keys("cf[10010] >= 3 ORDER BY cf[10010] ASC"), (Keys{"DEMO-7", "DEMO-6"}));
  EXPECT_EQ(keys("Severity = \"S2 - Major\" AND Platforms in (Linux, Windows)"), Keys{"DEMO-6"});
  EXPECT_EQ(keys("Customer ~ acme"), Keys{"DEMO-6"});
  EXPECT_EQ(keys("\"story points\" is EMPTY").size(), 5u);
}

TEST_F(TrackerSearch, TextSearchReadsSummaryDescriptionAndComments) {
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-1", {{"fields", {{"description", "The *parser* crashes on start"}}}}).status,
            204);
  ASSERT_EQ(call("POST", "/rest/api/2/issue/DEMO-2/comment", {{"body", "seen a crash in the exporter"}}).status, 201);
  EXPECT_EQ(keys("summary ~ \"issue 3\""), Keys{"DEMO-3"});
  EXPECT_EQ(keys("description ~ parser"), Keys{"DEMO-1"});
  EXPECT_EQ(keys("comment ~ exporter"), Keys{"DEMO-2"});
  EXPECT_EQ(keys("text ~ crash ORDER BY key"), (Keys{"DEMO-1", "DEMO-2"}));
  EXPECT_EQ(keys("summary !~ issue"), Keys{});
}

TEST_F(TrackerSearch, OrdersByTheOrderByKeys) {
  create("issue 10");  // DEMO-8
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-2", {{"fields", {{"priority", {{"name", "Highest"}}}}}}).status, 204);
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-6", {{"fields", {{"priority", {{"name", "Lowest"}}}}}}).status, 204);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));  // DEMO-4 is the last one updated
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-4", {{"fields", {{"summary", "a first"}}}}).status, 204);
  auto all = keys("project = DEMO ORDER BY key DESC");
  ASSERT_EQ(all.size(), 8u);
  EXPECT_EQ(all.front(), "DEMO-8");  // by number, not text: DEMO-8 after DEMO-10 would be text order
  EXPECT_EQ(keys("project = DEMO").front(), "DEMO-8");  // Jira's default: newest first
  auto by_priority = keys("ORDER BY priority DESC, key ASC");
  EXPECT_EQ(by_priority.front(), "DEMO-2");
  EXPECT_EQ(by_priority.back(), "DEMO-6");
  EXPECT_EQ(keys("ORDER BY summary").front(), "DEMO-4");
  EXPECT_EQ(keys("ORDER BY updated DESC").front(), "DEMO-4");
  EXPECT_EQ(keys("ORDER BY status, created ASC").front(), "DEMO-1");
}

TEST_F(TrackerSearch, BadJqlIsA400WithJirasBodyAndPosition) {
  auto syntax = bad("project = DEMO project = X");
  ASSERT_EQ(syntax.status, 400) << syntax.raw.body;
  ASSERT_EQ(syntax.json["errorMessages"].size(), 1u);
  EXPECT_TRUE(syntax.json["errors"].is_object());
  const std::string m = syntax.json["errorMessages"][0];
  EXPECT_EQ(m.rfind("Error in the JQL Query: ", 0), 0u) << m;
  EXPECT_NE(m.find("(line 1, character 16)"), std::string::npos) << m;
  auto unknown = bad("frobnicate = 1");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.json["errorMessages"][0].get<std::string>().find("'frobnicate'"), std::string::npos)
      << unknown.raw.body;
  EXPECT_NE(unknown.json["errorMessages"][0].get<std::string>().find("(line 1, character 1)"), std::string::npos);
  for (const char* jql : {"project = ", "updated >= \"yesterday\"", "project in (DEMO", "project = DEMO ORDER BY rank",
                          "\"unterminated", "(project = DEMO", "assignee in membersOf(\"devs\")", "summary WAS Done",
                          "summary = crash", "project = DEMO AND", "cf[99999] = 1", "labels in sync"}) {
    EXPECT_EQ(bad(jql).status, 400) << jql;
  }
  auto multi = bad("frobnicate = 1 AND status WAS Done FROM Open");
  EXPECT_EQ(multi.json["errorMessages"].size(), 2u) << multi.raw.body;
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=project%3DDEMO&maxResults=ten").status, 400);
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=summary%20~%20%22%FF%22").status, 400);  // not UTF-8
}

TEST_F(TrackerSearch, RefusesWhatJiraRefusesInItsParserExamples) {
  // Atlassian's documented answers of its own JQL parser: every query Jira calls an error is a
  // 400 here too, and a syntax error is reported at the same place.
  const json answers = twinsync::testkit::fixture_json("jql/atlassian-openapi-examples/parseJqlQueries.200.json");
  ASSERT_TRUE(answers.is_object());
  int errors = 0;
  for (const auto& q : answers["queries"]) {
    if (!q.contains("errors")) continue;
    ++errors;
    auto r = bad(q["query"]);
    EXPECT_EQ(r.status, 400) << q["query"];
    const std::string jira = q["errors"][0];
    const size_t at = jira.find("(line ");
    if (at != std::string::npos && r.json.is_object()) {
      EXPECT_NE(r.json["errorMessages"][0].get<std::string>().find(jira.substr(at)), std::string::npos)
          << r.raw.body << " vs " << jira;
    }
  }
  EXPECT_EQ(errors, 4);
}

// Queries that name keys read only those issues (search_keys.h); they find what a full scan does.
TEST_F(TrackerSearch, QueriesByKeyFindWhatAFullScanFinds) {
  EXPECT_EQ(keys("key in (DEMO-1, DEMO-3) ORDER BY key"), (Keys{"DEMO-1", "DEMO-3"}));
  EXPECT_EQ(keys("key in (DEMO-1, DEMO-99, DEMO-3) AND summary ~ \"issue 3\""), (Keys{"DEMO-3"}));
  EXPECT_EQ(keys("key = demo-2"), (Keys{"DEMO-2"}));
  EXPECT_EQ(keys("key = DEMO-1 OR key = DEMO-2 ORDER BY key DESC"), (Keys{"DEMO-2", "DEMO-1"}));
  EXPECT_EQ(keys("key = DEMO-1 OR summary ~ \"issue 7\" ORDER BY key"), (Keys{"DEMO-1", "DEMO-7"}));
  EXPECT_EQ(keys("NOT key in (DEMO-1, DEMO-2, DEMO-3)").size(), 4u);
  EXPECT_TRUE(keys("key = DEMO-99").empty());
  // After a write the narrowed search sees the issue as it is now.
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-2", {{"fields", {{"summary", "renamed"}}}}).status, 204);
  EXPECT_EQ(keys("key in (DEMO-2, DEMO-3) AND summary ~ renamed"), (Keys{"DEMO-2"}));
  EXPECT_EQ(keys("summary ~ renamed"), (Keys{"DEMO-2"})) << "and a full scan after it agrees";
}

TEST_F(TrackerSearch, ResultsFollowEveryWriteOfAnIssue) {
  // Records are cached per issue version: each kind of write must be seen by the next search.
  EXPECT_EQ(keys("comment ~ zebra"), Keys{});
  ASSERT_EQ(call("POST", "/rest/api/2/issue/DEMO-1/comment", {{"body", "zebra"}}).status, 201);
  EXPECT_EQ(keys("comment ~ zebra"), Keys{"DEMO-1"});
  auto comment = call("GET", "/rest/api/2/issue/DEMO-1/comment");
  const std::string id = comment.json["comments"][0]["id"];
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/DEMO-1/comment/" + id, {{"body", "giraffe"}}).status, 200);
  EXPECT_EQ(keys("comment ~ zebra"), Keys{});
  EXPECT_EQ(keys("comment ~ giraffe"), Keys{"DEMO-1"});
  ASSERT_EQ(call("DELETE", "/rest/api/2/issue/DEMO-1/comment/" + id).status, 204);
  EXPECT_EQ(keys("comment ~ giraffe"), Keys{});
  ASSERT_EQ(call("DELETE", "/rest/api/2/issue/DEMO-7").status, 204);
  EXPECT_EQ(keys("project = DEMO").size(), 6u);
  ASSERT_EQ(call("POST", "/rest/api/2/issue/DEMO-3/transitions", {{"transition", {{"id", "11"}}}}).status, 204);
  EXPECT_EQ(keys("status = \"In Progress\""), Keys{"DEMO-3"});
}

TEST_F(TrackerSearch, ApproximateCountAndWebhookFiltersUseTheSameJql) {
  auto count = call("POST", "/rest/api/3/search/approximate-count", {{"jql", "summary ~ \"issue\" AND key != DEMO-1"}});
  ASSERT_EQ(count.status, 200) << count.raw.body;
  EXPECT_EQ(count.json["count"], 6);
  auto hook = call("POST", "/rest/api/3/webhook",
                   {{"url", "http://127.0.0.1:9/hook"},
                    {"webhooks", {{{"events", {"jira:issue_created"}}, {"jqlFilter", "frobnicate = 1"}}}}});
  ASSERT_EQ(hook.status, 200);
  const auto& result = hook.json["webhookRegistrationResult"][0];
  ASSERT_TRUE(result.contains("errors")) << hook.raw.body;
  EXPECT_NE(result["errors"][0].get<std::string>().find("'frobnicate'"), std::string::npos);
}

}  // namespace
}  // namespace tracker_search_test
