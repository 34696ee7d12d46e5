// Issue create, get, edit and delete on the embedded tracker: fields of every kind, REST v2
// wiki text against v3 ADF, fields= and expand=, the changelog, and Jira's 4xx errors.
#include <thread>

#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::testkit::TrackerTest;

class TrackerIssue : public TrackerTest {};

json adf(const std::string& text) {
  return {{"type", "doc"}, {"version", 1},
          {"content", {{{"type", "paragraph"}, {"content", {{{"type", "text"}, {"text", text}}}}}}}};
}

TEST_F(TrackerIssue, CreateAndReadBackEveryKindOfField) {
  auto users = call("GET", "/rest/api/2/user/search?query=bob").json;
  const std::string bob = users[0]["accountId"];
  const std::string key = create("All fields", {{"description", "line one\nline two"},
                                                {"priority", {{"name", "High"}}},
                                                {"assignee", {{"accountId", bob}}},
                                                {"labels", {"sync", "qa"}},
                                                {"components", {{{"name", "Backend"}}}},
                                                {"fixVersions", {{{"name", "1.1"}}}},
                                                {"duedate", "2026-12-24"},
                                                {"customfield_10010", 5},
                                                {"customfield_10011", "ACME"},
                                                {"customfield_10012", {{"value", "S1 - Critical"}}},
                                                {"customfield_10013", {{{"value", "Linux"}}, {{"value", "macOS"}}}},
                                                {"customfield_10014", "2027-01-31"},
                                                {"customfield_10015", {{"name", "ann"}}},
                                                {"customfield_10016", "notes"}});
  EXPECT_EQ(key, "DEMO-1");
  auto v2 = call("GET", "/rest/api/2/issue/" + key);
  ASSERT_EQ(v2.status, 200);
  const json& f = v2.json["fields"];
  EXPECT_EQ(f["summary"], "All fields");
  EXPECT_EQ(f["description"], "line one\nline two");
  EXPECT_EQ(f["priority"]["name"], "High");
  EXPECT_EQ(f["assignee"]["displayName"], "Bob Dev");
  EXPECT_EQ(f["reporter"]["emailAddress"], "admin@example.com");
  EXPECT_EQ(f["status"]["name"], "To Do");
  EXPECT_EQ(f["labels"], json({"sync", "qa"}));
  EXPECT_EQ(f["components"][0]["name"], "Backend");
  EXPECT_EQ(f["fixVersions"][0]["name"], "1.1");
  EXPECT_EQ(f["duedate"], "2026-12-24");
  EXPECT_EQ(f["customfield_10010"], 5);
  EXPECT_EQ(f["customfield_10011"], "ACME");
  EXPECT_EQ(f["customfield_10012"]["value"], "S1 - Critical");
  EXPECT_EQ(f["customfield_10013"].size(), 2u);
  EXPECT_EQ(f["customfield_10014"], "2027-01-31");
  EXPECT_EQ(f["customfield_10015"]["name"], "ann");
  EXPECT_EQ(f["resolution"], nullptr);
  EXPECT_EQ(f["project"]["key"], "DEMO");
  EXPECT_EQ(f["created"].get<std::string>().size(), 28u);  // 2026-11-26T20:42:53.209+0000
  auto v3 = call("GET", "/rest/api/3/issue/" + key);
  EXPECT_EQ(v3.json["fields"]["description"]["type"], "doc");
  // One paragraph whose lines are joined by a hard break, as Jira renders wiki line breaks.
  ASSERT_EQ(v3.json["fields"]["description"]["content"].size(), 1u);
  EXPECT_EQ(v3.json["fields"]["description"]["content"][0]["content"][1]["type"], "hardBreak");
  EXPECT_EQ(v3.json["fields"]["customfield_10016"]["type"], "doc");
  EXPECT_EQ(v3.json["fields"]["customfield_10011"], "ACME");
}

TEST_F(TrackerIssue, V3TakesAdfAndRefusesWikiStrings) {
  auto bad = call("POST", "/rest/api/3/issue", {{"fields", {{"project", {{"key", "DEMO"}}}, {"issuetype", {{"id", "10001"}}},
                                                            {"summary", "s"}, {"description", "plain"}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.json["errors"].contains("description"));
  const std::string key = create("adf", {{"description", adf("from ADF")}}, 3);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key).json["fields"]["description"], "from ADF");
}

TEST_F(TrackerIssue, FieldsAndExpandParameters) {
  const std::string key = create("selective", {{"description", "d"}});
  auto some = call("GET", "/rest/api/2/issue/" + key + "?fields=summary,status");
  EXPECT_EQ(some.json["fields"].size(), 2u);
  auto minus = call("GET", "/rest/api/2/issue/" + key + "?fields=*all,-comment");
  EXPECT_FALSE(minus.json["fields"].contains("comment"));
  EXPECT_TRUE(minus.json["fields"].contains("attachment"));
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", "changed"}}}}).status, 204);
  auto full = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog,renderedFields,names,transitions");
  EXPECT_EQ(full.json["changelog"]["total"], 1);
  const json& item = full.json["changelog"]["histories"][0]["items"][0];
  EXPECT_EQ(item["field"], "summary");
  EXPECT_EQ(item["fromString"], "selective");
  EXPECT_EQ(item["toString"], "changed");
  EXPECT_EQ(full.json["renderedFields"]["description"], "<p>d</p>");
  EXPECT_EQ(full.json["names"]["summary"], "Summary");
  EXPECT_EQ(full.json["transitions"][0]["name"], "Start Progress");
}

TEST_F(TrackerIssue, EditWithFieldsAndUpdateOperationsWritesTheChangelog) {
  const std::string key = create("edit me", {{"labels", {"a", "b"}}});
  const std::string before = call("GET", "/rest/api/2/issue/" + key).json["fields"]["updated"];
  auto r = call("PUT", "/rest/api/2/issue/" + key + "?notifyUsers=false",
                {{"fields", {{"priority", {{"id", "1"}}}, {"customfield_10013", {{{"value", "Windows"}}}}}},
                 {"update", {{"labels", {{{"add", "c"}}, {{"remove", "a"}}}},
                             {"components", {{{"add", {{"name", "Docs"}}}}}},
                             {"comment", {{{"add", {{"body", "edited"}}}}}}}}});
  ASSERT_EQ(r.status, 204) << r.raw.body;
  auto issue = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog");
  const json& f = issue.json["fields"];
  EXPECT_EQ(f["labels"], json({"b", "c"}));
  EXPECT_EQ(f["priority"]["name"], "Highest");
  EXPECT_EQ(f["components"][0]["name"], "Docs");
  EXPECT_EQ(f["comment"]["comments"][0]["body"], "edited");
  EXPECT_GT(f["updated"].get<std::string>(), before);
  std::set<std::string> changed;
  for (const auto& i : issue.json["changelog"]["histories"][0]["items"]) changed.insert(i["field"]);
  EXPECT_EQ(changed, (std::set<std::string>{"priority", "labels", "Component", "Platforms"}));
  auto returned = call("PUT", "/rest/api/3/issue/" + key + "?returnIssue=true", {{"fields", {{"summary", "x"}}}});
  EXPECT_EQ(returned.status, 200);
  EXPECT_EQ(returned.json["fields"]["summary"], "x");
}

TEST_F(TrackerIssue, BadInputGetsJiraErrorsAndChangesNothing) {
  const std::string key = create("stable");
  const json before = call("GET", "/rest/api/2/issue/" + key).json;
  auto unknown = call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", "new"}, {"nonsense", 1}}}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json["errors"]["nonsense"],
            "Field 'nonsense' cannot be set. It is not on the appropriate screen, or unknown.");
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"status", {{"name", "Done"}}}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"priority", {{"name", "Urgent"}}}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"labels", {"has space"}}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"duedate", "2026-02-30"}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", ""}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"fields", {{"customfield_10010", "five"}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, {{"update", {{"labels", {{{"frob", "x"}}}}}}}).status, 400);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key, json::array()).status, 400);
  for (const std::string body : {"{not json", "\xff\xfe{}", "[1,2", "{\"fields\": 3}"}) {
    auto r = send({"PUT", "/rest/api/2/issue/" + key, {{"Authorization", auth_}, {"Content-Type", "application/json"}}, body});
    EXPECT_EQ(r.status, 400) << body;
    EXPECT_TRUE(r.json["errorMessages"].is_array() || r.json["errors"].is_object()) << r.raw.body;
  }
  auto xml = send({"PUT", "/rest/api/2/issue/" + key, {{"Authorization", auth_}, {"Content-Type", "text/xml"}}, "<a/>"});
  EXPECT_EQ(xml.status, 415);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key).json, before);
  auto missing = call("GET", "/rest/api/2/issue/DEMO-999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json["errorMessages"][0], "Issue does not exist or you do not have permission to see it.");
}

TEST_F(TrackerIssue, CreateValidatesRequiredFields) {
  auto r = call("POST", "/rest/api/2/issue", {{"fields", {{"project", {{"key", "DEMO"}}}, {"issuetype", {{"name", "Task"}}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["errors"]["summary"], "You must specify a summary of the issue.");
  r = call("POST", "/rest/api/2/issue", {{"fields", {{"project", {{"key", "NOPE"}}}, {"summary", "s"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.json["errors"].contains("project"));
  EXPECT_TRUE(r.json["errors"].contains("issuetype"));
  r = call("POST", "/rest/api/2/issue", {{"fields", {{"project", {{"key", "DEMO"}}}, {"issuetype", {{"name", "Sub-task"}}},
                                                     {"summary", "orphan"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.json["errors"].contains("parent"));
  EXPECT_EQ(call("POST", "/rest/api/2/issue", json::object()).status, 400);
}

TEST_F(TrackerIssue, ParentsSubtasksAndLinks) {
  const std::string parent = create("parent");
  const std::string sub = create("child", {{"issuetype", {{"name", "Sub-task"}}}, {"parent", {{"key", parent}}}});
  auto p = call("GET", "/rest/api/2/issue/" + parent);
  ASSERT_EQ(p.json["fields"]["subtasks"].size(), 1u);
  EXPECT_EQ(p.json["fields"]["subtasks"][0]["key"], sub);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + sub).json["fields"]["parent"]["key"], parent);
  const std::string other = create("other");
  auto link = call("POST", "/rest/api/2/issueLink", {{"type", {{"name", "Blocks"}}}, {"inwardIssue", {{"key", parent}}},
                                                      {"outwardIssue", {{"key", other}}}});
  ASSERT_EQ(link.status, 201) << link.raw.body;
  auto links = call("GET", "/rest/api/2/issue/" + parent).json["fields"]["issuelinks"];
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0]["outwardIssue"]["key"], other);
  EXPECT_EQ(links[0]["type"]["outward"], "blocks");
  auto back = call("GET", "/rest/api/2/issue/" + other).json["fields"]["issuelinks"];
  EXPECT_EQ(back[0]["inwardIssue"]["key"], parent);
  ASSERT_EQ(call("PUT", "/rest/api/2/issue/" + other,
                 {{"update", {{"issuelinks", {{{"add", {{"type", {{"name", "Relates"}}}, {"outwardIssue", {{"key", sub}}}}}}}}}}})
                .status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + other).json["fields"]["issuelinks"].size(), 2u);
  const std::string link_id = links[0]["id"];
  EXPECT_EQ(call("GET", "/rest/api/2/issueLink/" + link_id).json["inwardIssue"]["key"], parent);
  EXPECT_EQ(call("DELETE", "/rest/api/2/issueLink/" + link_id).status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + parent).json["fields"]["issuelinks"].size(), 0u);
  EXPECT_EQ(call("GET", "/rest/api/2/issueLinkType").json["issueLinkTypes"].size(), 4u);
}

TEST_F(TrackerIssue, DeleteNeedsDeleteSubtasksWhenThereAreSome) {
  const std::string parent = create("parent");
  const std::string sub = create("child", {{"issuetype", {{"name", "Sub-task"}}}, {"parent", {{"key", parent}}}});
  EXPECT_EQ(call("DELETE", "/rest/api/2/issue/" + parent).status, 400);
  EXPECT_EQ(call("DELETE", "/rest/api/2/issue/" + parent + "?deleteSubtasks=true").status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + parent).status, 404);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + sub).status, 404);
  EXPECT_EQ(create("next"), "DEMO-3");  // keys are never reused
}

TEST_F(TrackerIssue, ConcurrentClientsGetDistinctKeys) {
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> keys;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto c = twinsync::net::make_http_client(*twinsync::net::parse_endpoint(tracker_->base_url()));
      for (int i = 0; i < 10; ++i) {
        const json body = {{"fields", {{"project", {{"key", "DEMO"}}}, {"issuetype", {{"name", "Task"}}},
                                       {"summary", "t" + std::to_string(t) + "-" + std::to_string(i)}}}};
        auto r = (*c)->send({"POST", "/rest/api/2/issue", {{"Authorization", auth_}, {"Content-Type", "application/json"}},
                             body.dump()});
        if (r && r->status == 201) {
          std::lock_guard lock(mu);
          keys.insert(json::parse(r->body)["key"].get<std::string>());
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(keys.size(), 40u);
  EXPECT_EQ(call("GET", "/rest/api/2/search?jql=project%3DDEMO&maxResults=0").json["total"], 40);
}

}  // namespace
