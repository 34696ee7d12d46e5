// Status through transitions: path finding on a scripted workflow (Jira only shows the
// transitions of the current status), required transition fields, and named failures.
#include <gtest/gtest.h>

#include <map>

#include "runtime/jira/client.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/jira_fixtures.h"

namespace twinsync::jira {
namespace {

using testkit::FakeClock;
using testkit::FakeHttpClient;

struct Edge {
  std::string id;
  std::string name;
  std::string to;
  bool needs_resolution = false;
};

// A tiny Jira: issues with a status, a workflow of edges, the transition endpoints.
class WorkflowServer {
 public:
  std::map<std::string, std::vector<Edge>> workflow = {
      {"Open", {{"11", "Start Progress", "In Progress"}}},
      {"In Progress", {{"21", "Stop Progress", "Open"}, {"31", "Resolve Issue", "Resolved", true}}},
      {"Resolved", {{"41", "Close Issue", "Closed"}, {"51", "Reopen", "Open"}}},
      {"Closed", {{"51", "Reopen", "Open"}}},
  };
  std::map<std::string, std::string> status = {{"QA-1", "Open"}, {"QA-2", "Open"}};
  std::vector<Json> transition_bodies;
  int gets_of_transitions = 0;
  int gets_of_statuses = 0;
  int gets_of_issues = 0;
  bool refuse_all = false;  // every transition is refused
  std::vector<std::string> statuses = {"Open", "In Progress", "Resolved", "Closed"};  // GET project/QA/statuses

  Result<net::HttpResponse> operator()(const net::HttpRequest& req) {
    net::HttpResponse r;
    if (req.method == "GET" && req.target == "/rest/api/2/project/QA/statuses") {
      ++gets_of_statuses;
      Json list = Json::array();
      for (const std::string& name : statuses) list.push_back({{"name", name}});
      r.body = Json::array({{{"name", "Bug"}, {"statuses", list}}}).dump();
      return r;
    }
    const std::string prefix = "/rest/api/3/issue/";
    if (req.target.rfind(prefix, 0) != 0) return not_found(r);
    std::string rest = req.target.substr(prefix.size());
    const std::string key = rest.substr(0, rest.find_first_of("/?"));
    if (!status.count(key)) return not_found(r);
    rest = rest.substr(key.size());
    if (req.method == "GET" && rest.rfind("?fields=", 0) == 0) {
      ++gets_of_issues;
      r.body = Json{{"key", key}, {"fields", {{"status", {{"name", status[key]}}}, {"project", {{"key", "QA"}}},
                                             {"issuetype", {{"name", "Bug"}}}}}}.dump();
      return r;
    }
    if (req.method == "GET" && rest.rfind("/transitions", 0) == 0) {
      ++gets_of_transitions;
      Json list = Json::array();
      for (const Edge& e : workflow[status[key]]) {
        Json t = {{"id", e.id}, {"name", e.name}, {"to", {{"name", e.to}, {"id", "s" + e.id}}}};
        if (e.needs_resolution) {
          t["fields"] = {{"resolution", {{"required", true}, {"name", "Resolution"}, {"hasDefaultValue", false},
                                         {"allowedValues", {{{"name", "Fixed"}}, {{"name", "Won't Fix"}}}}}}};
        }
        list.push_back(t);
      }
      r.body = Json{{"transitions", list}}.dump();
      return r;
    }
    if (req.method == "POST" && rest == "/transitions") {
      const Json body = Json::parse(req.body);
      transition_bodies.push_back(body);
      for (const Edge& e : workflow[status[key]]) {
        if (refuse_all) break;
        if (e.id != body["transition"]["id"]) continue;
        if (e.needs_resolution && !body.contains("fields")) {
          r.status = 400;
          r.body = R"({"errorMessages":[],"errors":{"resolution":"Resolution is required."}})";
          return r;
        }
        status[key] = e.to;
        r.status = 204;
        return r;
      }
      r.status = 400;
      r.body = R"({"errorMessages":["It seems that you have tried to perform a workflow operation that is not valid."]})";
      return r;
    }
    return not_found(r);
  }

 private:
  static Result<net::HttpResponse> not_found(net::HttpResponse& r) {
    r.status = 404;
    r.body = R"({"errorMessages":["Issue does not exist"]})";
    return r;
  }
};

struct Fixture {
  FakeHttpClient http;
  FakeClock clock;
  WorkflowServer server;
  std::unique_ptr<JiraClient> client;

  Fixture() {
    JiraConfig config;
    config.base_url = "https://acme.atlassian.net";
    config.flavour = FlavourSetting::Cloud;
    config.retry.seed = 1;
    client = std::make_unique<JiraClient>(http, config, clock);
    client->set_dialect(Dialect::cloud_v3());
    http.set_handler([this](const net::HttpRequest& req) { return server(req); });
  }
};

TEST(JiraWorkflow, OneStepWhenTheTargetIsOffered) {
  Fixture f;
  WantedChanges w;
  auto moved = f.client->move_to_status("QA-1", "in progress", w);  // names compare case-insensitively
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(*moved, std::vector<std::string>{"Start Progress → In Progress"});
  EXPECT_EQ(f.server.status["QA-1"], "In Progress");
  EXPECT_EQ(f.http.requests().size(), 4u);  // status, the workflow's statuses, transitions, transition
}

TEST(JiraWorkflow, AStatusTheWorkflowLacksMovesNothing) {
  Fixture f;
  WantedChanges w;
  auto moved = f.client->move_to_status("QA-1", "Waiting for support", w);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().kind, ErrorKind::Workflow);
  EXPECT_NE(moved.error().message.find("not in the workflow of QA Bug (its statuses: Open, In Progress, Resolved, Closed)"),
            std::string::npos)
      << moved.error().message;
  EXPECT_TRUE(f.server.transition_bodies.empty()) << "exploring would have moved the issue";
  EXPECT_EQ(f.server.status["QA-1"], "Open");
  EXPECT_FALSE(f.client->move_to_status("QA-2", "Waiting for support", w));
  EXPECT_EQ(f.server.gets_of_statuses, 1) << "the workflow's statuses are remembered";
}

TEST(JiraWorkflow, FindsAPathAndFillsRequiredFields) {
  Fixture f;
  WantedChanges w;
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  w.set(IssueSlot::Summary, Value::string("stays for the edit"));
  auto moved = f.client->move_to_status("QA-1", "Closed", w);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(moved->size(), 3u);
  EXPECT_EQ(f.server.status["QA-1"], "Closed");
  ASSERT_EQ(f.server.transition_bodies.size(), 3u);
  EXPECT_EQ(f.server.transition_bodies[1]["fields"]["resolution"], (Json{{"name", "Fixed"}}));
  EXPECT_EQ(w.get(IssueSlot::Resolution), nullptr);  // written on the screen, not again in the edit
  EXPECT_NE(w.get(IssueSlot::Summary), nullptr);
}

TEST(JiraWorkflow, WhatIsLearnedServesTheNextIssue) {
  Fixture f;
  WantedChanges w;
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  ASSERT_TRUE(f.client->move_to_status("QA-1", "Closed", w));
  const int gets = f.server.gets_of_transitions;
  WantedChanges w2;
  w2.set(IssueSlot::Resolution, Value::string("Fixed"));
  auto moved = f.client->move_to_status("QA-2", "Closed", w2);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(f.server.gets_of_transitions - gets, 0);  // a known workflow: one request per step
  EXPECT_EQ(f.server.transition_bodies.size(), 6u);
  EXPECT_EQ(f.server.status["QA-2"], "Closed");
}

TEST(JiraWorkflow, WhatIsKnownOfTheIssueSavesItsRead) {
  Fixture f;
  WantedChanges w;
  IssueFacts facts{"Open", "QA", "Bug"};
  ASSERT_TRUE(f.client->move_to_status("QA-1", "In Progress", w, &facts));
  EXPECT_EQ(f.server.gets_of_issues, 0);
  EXPECT_EQ(f.server.status["QA-1"], "In Progress");
}

// The caller's knowledge was old (a person moved the issue) and a learned transition is no
// longer offered: the refusal leads to one read of where the issue is, and the move goes on.
TEST(JiraWorkflow, ARefusedTransitionFromOldKnowledgeReadsAgain) {
  Fixture f;
  WantedChanges w;
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  ASSERT_TRUE(f.client->move_to_status("QA-1", "Closed", w));  // learns the workflow
  f.server.status["QA-2"] = "Resolved";                         // moved by a person meanwhile
  WantedChanges w2;
  w2.set(IssueSlot::Resolution, Value::string("Fixed"));
  IssueFacts old{"Open", "QA", "Bug"};
  auto moved = f.client->move_to_status("QA-2", "Closed", w2, &old);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(f.server.status["QA-2"], "Closed");
  EXPECT_EQ(moved->back().rfind("Close Issue", 0), 0u);
}

TEST(JiraWorkflow, ARefusalOnFreshKnowledgeIsTheAnswer) {
  Fixture f;
  WantedChanges w;
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  ASSERT_TRUE(f.client->move_to_status("QA-1", "In Progress", w));
  f.server.workflow["Open"][0].id = "12";  // the workflow changed: "11" is refused from now on
  WantedChanges w2;
  IssueFacts facts{"Open", "QA", "Bug"};
  auto moved = f.client->move_to_status("QA-2", "In Progress", w2, &facts);
  ASSERT_TRUE(moved) << moved.error().message;  // read again once, and moved with "12"
  EXPECT_EQ(f.server.status["QA-2"], "In Progress");
  f.server.status["QA-2"] = "Open";
  f.server.refuse_all = true;
  WantedChanges w3;
  auto refused = f.client->move_to_status("QA-2", "In Progress", w3);
  ASSERT_FALSE(refused);  // fresh facts and fresh transitions: the refusal stands, no loop
  EXPECT_EQ(f.server.transition_bodies.size(), 5u);  // 3 before; one from what was learned, one after reading again
}

TEST(JiraWorkflow, AClientConnectedLikeAnotherSharesWhatItLearned) {
  Fixture f;
  WantedChanges w;
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  ASSERT_TRUE(f.client->move_to_status("QA-1", "Closed", w));
  JiraConfig config;
  config.base_url = "https://acme.atlassian.net";
  config.flavour = FlavourSetting::Cloud;
  JiraClient second(f.http, config, f.clock);
  second.connect_like(*f.client);
  const int gets = f.server.gets_of_transitions, statuses = f.server.gets_of_statuses;
  WantedChanges w2;
  w2.set(IssueSlot::Resolution, Value::string("Fixed"));
  ASSERT_TRUE(second.move_to_status("QA-2", "Closed", w2));
  EXPECT_EQ(f.server.gets_of_transitions - gets, 0);
  EXPECT_EQ(f.server.gets_of_statuses - statuses, 0);
  EXPECT_EQ(f.server.status["QA-2"], "Closed");
}

TEST(JiraWorkflow, MissingRequiredFieldIsNamed) {
  Fixture f;
  WantedChanges w;  // no resolution
  auto moved = f.client->move_to_status("QA-1", "Resolved", w);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().kind, ErrorKind::Workflow);
  const std::string& m = moved.error().message;
  EXPECT_NE(m.find("cannot reach status \"Resolved\""), std::string::npos) << m;
  EXPECT_NE(m.find("needs field \"Resolution\""), std::string::npos) << m;
  EXPECT_NE(m.find("Resolve Issue → Resolved"), std::string::npos) << m;
}

TEST(JiraWorkflow, UnreachableStatusNamesCurrentTargetAndOffered) {
  Fixture f;
  WantedChanges w;
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  f.server.statuses.push_back("Waiting for Customer");  // in the workflow, but no transition enters it
  auto moved = f.client->move_to_status("QA-1", "Waiting for Customer", w);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().kind, ErrorKind::Workflow);
  const std::string& m = moved.error().message;
  EXPECT_NE(m.find("QA-1: cannot reach status \"Waiting for Customer\" from \""), std::string::npos) << m;
  EXPECT_NE(m.find("transitions offered: "), std::string::npos) << m;
}

TEST(JiraWorkflow, PathsAreBounded) {
  Fixture f;
  // A long chain: S0 -> S1 -> … -> S20.
  f.server.workflow.clear();
  for (int i = 0; i < 20; ++i) {
    f.server.workflow["S" + std::to_string(i)] = {{std::to_string(100 + i), "Next", "S" + std::to_string(i + 1)}};
  }
  f.server.status["QA-1"] = "S0";
  f.server.statuses.clear();
  for (int i = 0; i <= 20; ++i) f.server.statuses.push_back("S" + std::to_string(i));
  WantedChanges w;
  auto moved = f.client->move_to_status("QA-1", "S20", w);
  ASSERT_FALSE(moved);
  EXPECT_NE(moved.error().message.find("within 8 transitions"), std::string::npos) << moved.error().message;
}

TEST(JiraWorkflow, ApplyMovesThenEditsOnce) {
  Fixture f;
  int puts = 0;
  f.http.set_handler([&](const net::HttpRequest& req) -> Result<net::HttpResponse> {
    if (req.method == "PUT") {
      ++puts;
      EXPECT_EQ(req.target, "/rest/api/3/issue/QA-1?notifyUsers=false");
      const Json body = Json::parse(req.body);
      EXPECT_EQ(body["fields"].size(), 2u);  // summary and priority together, resolution not
      net::HttpResponse r;
      r.status = 204;
      return r;
    }
    return f.server(req);
  });
  WantedChanges w;
  w.set(IssueSlot::Status, Value::string("Resolved"));
  w.set(IssueSlot::Resolution, Value::string("Fixed"));
  w.set(IssueSlot::Summary, Value::string("New title"));
  w.set(IssueSlot::Priority, Value::string("High"));
  auto report = f.client->apply("QA-1", w);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->transitions.size(), 2u);
  EXPECT_TRUE(report->edited);
  EXPECT_EQ(puts, 1);
  EXPECT_EQ(report->requests, 1 + 1 + 2 * 2 + 1);  // status, workflow statuses, 2 × (transitions, transition), edit
}

TEST(JiraWorkflow, DecodesTransitionFixtures) {
  for (const char* file : {"jira-rest/go-jira/transitions.json", "jira-rest/atlassian-openapi-examples/getTransitions.200.json"}) {
    auto t = decode_transitions(testkit::fixture_json(file));
    ASSERT_TRUE(t) << file;
    ASSERT_EQ(t->size(), 2u) << file;
    EXPECT_EQ((*t)[1].id, "711");
    EXPECT_EQ((*t)[1].to_status, "Closed");
    EXPECT_EQ((*t)[1].fields.size(), 2u);
  }
}

}  // namespace
}  // namespace twinsync::jira
