// The Jira port's group read for bulk sync: one search for a group of keys, and one GET per key
// when Jira refuses the search because one of them no longer exists (Jira answers 400 for a
// `key in (…)` that names a missing issue).
#include <gtest/gtest.h>

#include <memory>

#include "compiler/schema/shapes.h"
#include "runtime/node/jira_port.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"

namespace twinsync::node {
namespace {

using testkit::FakeClock;
using testkit::FakeHttpClient;

std::string issue_json(const std::string& key) {
  return nlohmann::json{{"id", "1" + key.substr(key.find('-') + 1)}, {"key", key},
                        {"fields", {{"summary", "issue " + key}, {"status", {{"name", "To Do"}}}}}}
      .dump();
}

struct Fixture {
  FakeHttpClient* http = nullptr;
  FakeClock clock;
  std::unique_ptr<JiraPort> port;
  int searches = 0, gets = 0;

  explicit Fixture(bool refuse_search) {
    auto owned = std::make_unique<FakeHttpClient>();
    http = owned.get();
    jira::JiraConfig config;
    config.base_url = "https://acme.atlassian.net";
    config.flavour = jira::FlavourSetting::Cloud;
    auto client = std::make_unique<jira::JiraClient>(*owned, config, clock);
    client->set_dialect(jira::Dialect::cloud_v3());
    http->set_handler([this, refuse_search](const net::HttpRequest& req) -> Result<net::HttpResponse> {
      net::HttpResponse r;
      if (req.method == "POST" && req.target.find("/search") != std::string::npos) {
        ++searches;
        if (refuse_search) {
          r.status = 400;
          r.body = R"({"errorMessages":["An issue with key 'QA-9' does not exist for field 'key'."]})";
          return r;
        }
        r.body = nlohmann::json{{"issues", {nlohmann::json::parse(issue_json("QA-1")), nlohmann::json::parse(issue_json("QA-2"))}},
                                {"isLast", true}}
                     .dump();
        return r;
      }
      const std::string prefix = "/rest/api/3/issue/";
      if (req.method == "GET" && req.target.rfind(prefix + "QA-", 0) == 0) {
        ++gets;
        const std::string key = req.target.substr(prefix.size(), req.target.find('?') - prefix.size());
        if (key == "QA-9") {
          r.status = 404;
          r.body = R"({"errorMessages":["Issue does not exist or you do not have permission to see it."]})";
          return r;
        }
        r.body = issue_json(key);
        return r;
      }
      r.status = 404;
      return r;
    });
    port = std::make_unique<JiraPort>(std::move(owned), std::move(client), "");
  }
};

std::string key_of(const Value& issue) { return std::string(issue.field(slot(IssueSlot::Key)).as_string()); }

TEST(JiraPort, AGroupIsReadInOneSearch) {
  Fixture f(false);
  auto issues = f.port->get_issues({"QA-1", "QA-2"});
  ASSERT_TRUE(issues) << issues.error().message;
  ASSERT_EQ(issues->size(), 2u);
  EXPECT_EQ(key_of((*issues)[0]), "QA-1");
  EXPECT_EQ(f.searches, 1);
  EXPECT_EQ(f.gets, 0);
}

TEST(JiraPort, AMissingIssueInTheGroupFallsBackToOneReadEach) {
  Fixture f(true);
  auto issues = f.port->get_issues({"QA-1", "QA-9", "QA-2"});
  ASSERT_TRUE(issues) << issues.error().message;
  ASSERT_EQ(issues->size(), 2u);  // the missing one is left out, as a deleted issue is
  EXPECT_EQ(key_of((*issues)[1]), "QA-2");
  EXPECT_EQ(f.gets, 3);
}

TEST(JiraPort, AKeyThatIsNoKeyIsRefusedBeforeAnyQuery) {
  Fixture f(false);
  auto issues = f.port->get_issues({"QA-1", "QA-1) OR (project = SECRET"});
  ASSERT_FALSE(issues);
  EXPECT_EQ(f.searches, 0);
}

// The edit that takes a new issue's marker off stands in for a read only when its answer is the
// whole issue it edited (Cloud's returnIssue); an answer with only some fields, another issue or
// none leaves the read to the engine.
TEST(JiraPort, TheMarkersEditAnswerServesAsTheReadOnlyWhenItIsTheWholeIssue) {
  const nlohmann::json whole = {
      {"id", "10001"},
      {"key", "QA-1"},
      {"fields",
       {{"summary", "made"}, {"project", {{"key", "QA"}}}, {"issuetype", {{"name", "Bug"}}}, {"status", {{"name", "To Do"}}},
        {"created", "2026-12-03T10:00:00.000+0000"}, {"updated", "2026-12-03T10:00:01.000+0000"},
        {"comment", {{"comments", nlohmann::json::array({{{"id", "501"}, {"body", "from the twin"}}})}}}}}};
  nlohmann::json partial = whole;
  partial["fields"].erase("status");
  nlohmann::json another = whole;
  another["key"] = "QA-2";
  for (const auto& [answer, whole_issue] : std::vector<std::pair<std::string, bool>>{
           {whole.dump(), true}, {partial.dump(), false}, {another.dump(), false}, {"", false}}) {
    Fixture f(false);
    std::string target;
    f.http->set_handler([&](const net::HttpRequest& req) -> Result<net::HttpResponse> {
      net::HttpResponse r;
      target = req.target;
      r.status = answer.empty() ? 204 : 200;
      r.body = answer;
      return r;
    });
    auto edit = f.port->clear_marker_adding_comments("QA-1", "tw1", {{"from the twin", Value()}});
    ASSERT_TRUE(edit) << edit.error().message;
    EXPECT_TRUE(edit->written);
    EXPECT_EQ(target, "/rest/api/3/issue/QA-1?returnIssue=true");
    EXPECT_EQ(edit->issue.is_record(), whole_issue) << answer;
    if (!whole_issue) continue;
    EXPECT_EQ(key_of(edit->issue), "QA-1");
    const Value& comments = edit->issue.field(slot(IssueSlot::Comments));
    ASSERT_TRUE(comments.is_list());
    ASSERT_EQ(comments.as_list().size(), 1u);
    EXPECT_EQ(comments.as_list()[0].field(slot(CommentSlot::Id)).as_string(), "501");
  }
}

}  // namespace
}  // namespace twinsync::node
