// Trigger JQL functions that need the tracker's data (membersOf(), the version functions,
// linkedIssues(), watchedIssues()): the node evaluates them through the connector, and the
// embedded tracker's search must answer the same queries with the same issues. Then the node's
// cache: one request per lookup per lifetime, and a failed lookup is an error, never "no match".
#include "compiler/schema/shapes.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/jql_world.h"

namespace twinsync::testkit {
namespace {

class JqlLookups : public JqlWorld {
 protected:
  void SetUp() override {
    tracker::TrackerOptions opt;
    opt.groups = {"qa-team:ann,admin@example.com"};
    start_tracker(opt);
    // DEMO-1 ann 1.0 (released), DEMO-2 bob 1.1, DEMO-3 admin 2.0, DEMO-4 reported by ann.
    create("one", {{"assignee", {{"name", "ann"}}}, {"fixVersions", {{{"name", "1.0"}}}}});
    create("two", {{"assignee", {{"name", "bob"}}}, {"fixVersions", {{{"name", "1.1"}}}}});
    create("three", {{"assignee", {{"name", "admin"}}}, {"fixVersions", {{{"name", "2.0"}}}}});
    create("four", {{"reporter", {{"name", "ann"}}}});
    ASSERT_EQ(call("POST", "/rest/api/2/issueLink",
                   {{"type", {{"name", "Blocks"}}}, {"inwardIssue", {{"key", "DEMO-1"}}}, {"outwardIssue", {{"key", "DEMO-2"}}}})
                  .status,
              201);
  }

  // As a trigger: the lookups are evaluated by the node (through the connector), never asked.
  Keys evaluated(node::JiraPort& port, const std::string& jql) {
    return JqlWorld::evaluated(port, jql, {"DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4"});
  }
};

TEST_F(JqlLookups, TheNodeAndTheTrackerAnswerTheSameIssues) {
  const std::vector<std::pair<std::string, Keys>> table = {
      {"assignee in membersOf(\"qa-team\")", {"DEMO-1", "DEMO-3"}},
      {"assignee in membersOf(jira-users) AND fixVersion in unreleasedVersions()", {"DEMO-2", "DEMO-3"}},
      {"fixVersion in releasedVersions(DEMO)", {"DEMO-1"}},
      {"fixVersion in unreleasedVersions(DEMO)", {"DEMO-2", "DEMO-3"}},
      {"fixVersion = latestReleasedVersion(DEMO)", {"DEMO-1"}},
      {"fixVersion = earliestUnreleasedVersion(DEMO)", {"DEMO-2"}},
      {"issue in linkedIssues(DEMO-1)", {"DEMO-2"}},
      {"issue in linkedIssues(DEMO-2, \"is blocked by\")", {"DEMO-1"}},
      {"issue in linkedIssues(DEMO-2, duplicates)", {}},
      {"issue in linkedIssues(DEMO-2, Blocks)", {"DEMO-1"}},  // the link type's name: either way
      {"issue in watchedIssues()", {"DEMO-1", "DEMO-2", "DEMO-3"}},
      {"project = DEMO AND issue not in watchedIssues()", {"DEMO-4"}},
  };
  for (auto config : {jira::JiraConfig{}, data_center()}) {
    auto p = port(config);
    for (const auto& [jql, want] : table) {
      EXPECT_EQ(searched(p->client(), jql), want) << "the tracker's search: " << jql;
      EXPECT_EQ(evaluated(*p, jql), want) << "the node's trigger: " << jql;
    }
  }
}

TEST_F(JqlLookups, TheTrackerRefusesAnUnknownGroupAsJiraDoes) {
  auto r = call("GET", "/rest/api/2/group/member?groupname=nobody");
  EXPECT_EQ(r.status, 404) << r.raw.body;
  r = call("GET", "/rest/api/2/group/member?groupname=QA-TEAM&maxResults=1");
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.json["total"], 2);
  EXPECT_EQ(r.json["values"].size(), 1u);
  EXPECT_FALSE(r.json["isLast"].get<bool>());
  r = call("GET", "/rest/api/2/group/member?groupname=qa-team&startAt=9223372036854775807");
  ASSERT_EQ(r.status, 200) << r.raw.body;  // a start past every member: an empty, last page
  EXPECT_TRUE(r.json["values"].empty());
  EXPECT_TRUE(r.json["isLast"].get<bool>());
  EXPECT_EQ(call("GET", "/rest/api/2/group/member?groupname=qa-team", nullptr, {}, false).status, 401);
}

// A Jira Cloud port over a fake HTTP client that answers as the test says, with no retries.
node::JiraPort cloud_port(std::unique_ptr<FakeHttpClient> http, FakeClock& clock) {
  jira::JiraConfig config;
  config.base_url = "https://acme.atlassian.net";
  config.flavour = jira::FlavourSetting::Cloud;
  config.retry.max_attempts = 1;
  auto client = std::make_unique<jira::JiraClient>(*http, config, clock);
  client->set_dialect(jira::Dialect::cloud_v3());
  return node::JiraPort(std::move(http), std::move(client));
}

// The port asks once per lookup while the answer is fresh; a tracker that fails is an error of
// the trigger (the change is retried), not an empty group that silently matches nothing.
TEST(JqlLookupCache, OneRequestPerLookupAndFailuresAreErrors) {
  FakeClock clock;
  auto owned = std::make_unique<FakeHttpClient>();
  FakeHttpClient* http = owned.get();
  int asked = 0;
  bool down = false;
  http->set_handler([&](const net::HttpRequest& req) -> Result<net::HttpResponse> {
    net::HttpResponse r;
    if (req.target.find("/group/member") != std::string::npos) {
      ++asked;
      if (down) {
        r.status = 503;
        return r;
      }
      r.body = R"({"values":[{"accountId":"5b10a2844c20165700ede21g"}],"isLast":true})";
      return r;
    }
    r.status = 404;
    return r;
  });
  node::JiraPort port = cloud_port(std::move(owned), clock);
  for (int i = 0; i < 3; ++i) {
    auto members = port.jql_lookup("MEMBERSOF", {"qa"});
    ASSERT_TRUE(members) << members.error().message;
    ASSERT_EQ(members->as_list().size(), 1u);
    EXPECT_EQ(members->as_list()[0].as_string(), "5b10a2844c20165700ede21g");
  }
  EXPECT_EQ(asked, 1);
  down = true;
  auto other = port.jql_lookup("membersOf", {"devs"});
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().message.find("membersOf(devs)"), std::string::npos) << other.error().message;
  EXPECT_EQ(other.error().kind, ErrorKind::Transient);
  EXPECT_FALSE(port.jql_lookup("frobnicate", {}));
}

// A clause only the tracker can judge (WAS …) is asked about the one issue; a tracker that
// cannot answer leaves the trigger without a verdict (an error the change is retried on).
TEST(JqlAskTracker, TheNodeAsksTheTrackerAboutTheOneIssue) {
  FakeClock clock;
  auto owned = std::make_unique<FakeHttpClient>();
  FakeHttpClient* http = owned.get();
  std::vector<std::string> asked;
  bool down = false;
  http->set_handler([&](const net::HttpRequest& req) -> Result<net::HttpResponse> {
    net::HttpResponse r;
    if (req.target.find("/search") == std::string::npos) {
      r.status = 404;
      return r;
    }
    if (down) {
      r.status = 503;
      return r;
    }
    const auto body = nlohmann::json::parse(req.body, nullptr, false);
    asked.push_back(body.is_object() ? body.value("jql", "") : req.target);
    const bool hit = asked.back().find("status WAS Done") != std::string::npos;
    r.body = nlohmann::json{{"issues", hit ? nlohmann::json::array({{{"id", "10007"}, {"key", "QA-7"}}}) : nlohmann::json::array()},
                            {"isLast", true}}
                 .dump();
    return r;
  });
  node::JiraPort port = cloud_port(std::move(owned), clock);
  sync::EngineHost host(port);
  Value issue = Value::record(issue_shape());
  issue.set_field(slot(IssueSlot::Key), Value::string("QA-7"));
  auto yes = host.jql_ask_tracker(issue, "status WAS Done");
  ASSERT_TRUE(yes) << yes.error().message;
  EXPECT_TRUE(*yes);
  auto no = host.jql_ask_tracker(issue, "votes > 2");
  ASSERT_TRUE(no) << no.error().message;
  EXPECT_FALSE(*no);
  EXPECT_EQ(asked, (std::vector<std::string>{"key = \"QA-7\" AND (status WAS Done)", "key = \"QA-7\" AND (votes > 2)"}));
  down = true;
  EXPECT_FALSE(host.jql_ask_tracker(issue, "votes > 2"));
  ASSERT_TRUE(host.lookup_error);
  EXPECT_EQ(host.lookup_error->kind, ErrorKind::Transient);
}

TEST(JqlLookupCache, AnswersExpireAndTheCacheStaysBounded) {
  int64_t now = 0;
  node::LookupCache cache(1000, [&] { return now; });
  cache.put("membersOf(qa)", {"a"});
  now = 999;
  EXPECT_TRUE(cache.get("membersOf(qa)"));
  now = 1000;
  EXPECT_FALSE(cache.get("membersOf(qa)"));
  for (size_t i = 0; i <= node::LookupCache::kMaxEntries; ++i) {
    ++now;
    cache.put("linkedIssues(X-" + std::to_string(i) + ")", {});
  }
  EXPECT_FALSE(cache.get("linkedIssues(X-0)"));  // the oldest went first
  EXPECT_TRUE(cache.get("linkedIssues(X-" + std::to_string(node::LookupCache::kMaxEntries) + ")"));
}

}  // namespace
}  // namespace twinsync::testkit
