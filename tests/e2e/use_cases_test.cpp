// use_cases_test.cpp — the use cases twinsync is built for, end to end: embedded trackers, one
// node per organisation running the rule files of examples/, paired by invitation and talking
// over the signed HTTP transport. Changes are made through the trackers' REST APIs; webhooks
// bring them to the nodes, as in production.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "runtime/transport/wire.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& needle) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

// (1) QA vets a bug; it appears in the developers' project with its comments and attachment;
// the developers' progress and comments flow back into QA's workflow.
TEST(UseCases, OutsourcedQaBugToDevAndProgressBack) {
  NodeWorld w;
  w.add_qa_dev_trackers();
  auto [qa, dev] = w.outsourced_qa();
  TrackerUser tester = w.user("blue"), developer = w.user("green");

  const std::string unvetted = tester.create({{"project", {{"key", "QA"}}}, {"summary", "Not yet looked at"}});
  const std::string bug = tester.create({{"project", {{"key", "QA"}}},
                                         {"summary", "Checkout button does nothing"},
                                         {"description", "Press *Pay*: nothing happens."},
                                         {"priority", {{"name", "High"}}},
                                         {"labels", {"vetted", "checkout"}}});
  tester.comment(bug, "Reproduced on Firefox 128.");
  tester.attach(bug, "console.log", "TypeError: pay is undefined");

  const std::string twin = NodeWorld::twin_of(qa, bug);
  ASSERT_FALSE(twin.empty()) << "the trigger did not sync the vetted bug";
  EXPECT_EQ(twin.substr(0, 4), "DEV-");
  ASSERT_TRUE(NodeWorld::eventually([&] {
    return contains(developer.comment_bodies(twin), "Reproduced on Firefox 128.") &&
           contains(developer.attachment_names(twin), "console.log");
  })) << developer.issue(twin).dump(2);
  EXPECT_EQ(developer.field(twin, "summary"), "Checkout button does nothing");
  EXPECT_EQ(developer.field(twin, "labels"), nlohmann::json({"from-qa"}));
  EXPECT_EQ(developer.field(twin, "priority")["name"], "High");
  EXPECT_NE(developer.field(twin, "description").get<std::string>().find("Found by QA as " + bug), std::string::npos);

  developer.move_to(twin, "In Review");  // QA's map: In Review is In Progress for QA
  developer.comment(twin, "Fixed in build 42, please retest.");
  EXPECT_TRUE(NodeWorld::eventually([&] {
    return tester.status(bug) == "In Progress" && contains(tester.comment_bodies(bug), "Fixed in build 42");
  })) << tester.issue(bug).dump(2);
  // One comment each way, never echoed back as a copy of itself.
  EXPECT_EQ(tester.comment_bodies(bug).size(), 2u);
  EXPECT_EQ(developer.comment_bodies(twin).size(), 2u);

  auto status = qa.issue_status(unvetted);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->empty()) << "a bug without the vetted label was synced";
}

// (2) A vendor works for a client: the vendor's attachments, restricted comments and contract
// fields never leave — shown on the bytes that cross between the nodes — while the client's
// attachments do arrive at the vendor.
TEST(UseCases, ConfidentialFieldsNeverLeaveTheVendor) {
  NodeWorld w;
  w.add_tracker("client", {"CLI"});
  w.add_tracker("vendor", {"VEN", {}, {}, {"Contract Value:number", "Customer Tier:select:Gold|Silver"}});
  RecordingProxy wire;  // in front of the client's node: everything the vendor's node sends to it
  auto& client = w.add_node("client", "client", {{"client_to_vendor", "confidential/client.sync"}}, wire.url());
  wire.set_target(client.listen_url());
  auto& vendor = w.add_node("vendor", "vendor", {{"vendor_to_client", "confidential/vendor.sync"}});
  w.pair(client, "client_to_vendor", vendor, "vendor_to_client");
  TrackerUser buyer = w.user("client"), supplier = w.user("vendor");

  const std::string request = buyer.create({{"project", {{"key", "CLI"}}}, {"issuetype", {{"name", "Task"}}},
                                            {"summary", "Integrate the payment API"}});
  buyer.attach(request, "client-spec.txt", "CLIENT-SPEC: endpoints and limits");
  ASSERT_TRUE(client.exalate("client_to_vendor", request));
  const std::string twin = NodeWorld::twin_of(client, request);
  ASSERT_FALSE(twin.empty());
  ASSERT_TRUE(NodeWorld::eventually([&] { return contains(supplier.attachment_names(twin), "client-spec.txt"); }))
      << supplier.issue(twin).dump(2);

  const auto fields = supplier.client->catalog();
  auto contract = fields.by_name("Contract Value");
  auto tier = fields.by_name("Customer Tier");
  ASSERT_TRUE(contract && tier);
  supplier.call("PUT", "/rest/api/2/issue/" + twin,
                {{"fields", {{contract->id, 125000}, {tier->id, {{"value", "Gold"}}}}}});
  supplier.attach(twin, "vendor-costing.xlsx", "VENDOR-SECRET-BYTES margin sheet");
  supplier.call("POST", "/rest/api/2/issue/" + twin + "/comment",
                {{"body", "Margin on this deal is 40 percent"}, {"visibility", {{"type", "role"}, {"value", "Administrators"}}}});
  supplier.comment(twin, "We are on it, first drop on Friday.");
  supplier.move_to(twin, "In Progress");

  ASSERT_TRUE(NodeWorld::eventually([&] {
    return contains(buyer.comment_bodies(request), "first drop on Friday") && buyer.status(request) == "In Progress";
  })) << buyer.issue(request).dump(2);
  EXPECT_FALSE(contains(buyer.comment_bodies(request), "Margin"));
  EXPECT_EQ(buyer.attachment_names(request), std::vector<std::string>{"client-spec.txt"});

  // What crossed from the vendor's node: decode every batch and look inside every payload.
  const auto batches = wire.batches();
  ASSERT_FALSE(batches.empty());
  bool saw_public_comment = false;
  for (const std::string& body : batches) {
    auto events = transport::parse_batch(body);
    ASSERT_TRUE(events) << events.error().message;
    for (const char* secret : {"VENDOR-SECRET", "vendor-costing", "125000", "Gold", "Margin", "Contract Value"}) {
      EXPECT_EQ(body.find(secret), std::string::npos) << secret;
      for (const auto& e : *events) EXPECT_EQ(e.payload.find(secret), std::string::npos) << secret << " in " << e.id;
    }
    for (const auto& e : *events) saw_public_comment |= e.payload.find("first drop on Friday") != std::string::npos;
  }
  EXPECT_TRUE(saw_public_comment) << "the check above would be empty: the public comment was not seen on the wire";
}

// (3) A service desk feeds two development projects: triggers route each request by component,
// and the teams' comments come back to the desk.
TEST(UseCases, ServiceDeskFeedsTwoTeamsThroughTriggers) {
  NodeWorld w;
  TrackerSpec service_desk{"SD"};  // a service desk's words for the four statuses of its workflow
  service_desk.status_names = {"Waiting for support", "In progress", "Waiting for customer", "Resolved"};
  w.add_tracker("desk", service_desk);
  w.add_tracker("teams", {"BACK", {"MOBILE:Mobile apps"}});
  TrackerUser agent = w.user("desk"), engineer = w.user("teams");
  agent.call("POST", "/rest/api/2/component", {{"name", "Mobile"}, {"project", "SD"}});  // Backend is seeded
  auto& desk = w.add_node("desk", "desk", {{"desk_to_backend", "service_desk/desk_to_backend.sync"},
                                           {"desk_to_mobile", "service_desk/desk_to_mobile.sync"}});
  auto& teams = w.add_node("teams", "teams", {{"team_backend", "service_desk/dev_team.sync"},
                                              {"team_mobile", "service_desk/dev_team.sync"}});
  w.pair(teams, "team_backend", desk, "desk_to_backend");
  w.pair(teams, "team_mobile", desk, "desk_to_mobile");

  const std::string api = agent.create({{"project", {{"key", "SD"}}}, {"issuetype", {{"name", "Task"}}},
                                        {"summary", "API returns 500 on login"}, {"components", {{{"name", "Backend"}}}}});
  const std::string app = agent.create({{"project", {{"key", "SD"}}}, {"issuetype", {{"name", "Task"}}},
                                        {"summary", "App crashes on start"}, {"components", {{{"name", "Mobile"}}}}});
  const std::string other = agent.create({{"project", {{"key", "SD"}}}, {"issuetype", {{"name", "Task"}}},
                                          {"summary", "Password reset question"}});
  agent.comment(api, "Customer says it started this morning.");

  const std::string back = NodeWorld::twin_of(desk, api);
  const std::string mobile = NodeWorld::twin_of(desk, app);
  ASSERT_EQ(back.substr(0, 5), "BACK-");
  ASSERT_EQ(mobile.substr(0, 7), "MOBILE-");
  EXPECT_EQ(engineer.field(back, "summary"), "[" + api + "] API returns 500 on login");
  EXPECT_EQ(engineer.field(mobile, "summary"), "[" + app + "] App crashes on start");
  EXPECT_TRUE(NodeWorld::eventually([&] { return contains(engineer.comment_bodies(back), "started this morning"); }));

  engineer.comment(back, "Root cause found: expired certificate.");
  engineer.move_to(back, "In Progress");
  EXPECT_TRUE(NodeWorld::eventually([&] {
    return contains(agent.comment_bodies(api), "expired certificate") && agent.status(api) == "In progress";
  })) << w.diagnose();
  engineer.move_to(mobile, "Done");
  EXPECT_TRUE(NodeWorld::eventually([&] { return agent.status(app) == "Resolved"; })) << w.diagnose();
  EXPECT_EQ(agent.status(other), "Waiting for support");
  auto status = desk.issue_status(other);
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->empty()) << "a request without a team's component was synced";
  EXPECT_EQ(w.diagnose().find("error"), std::string::npos) << w.diagnose();
}

// (4) Basic mode: summary, description, comments, attachments and the issue type mirrored; a
// type the other side lacks becomes a Task there.
TEST(UseCases, BasicModeMirrorsTypesWithTaskFallback) {
  NodeWorld w;
  w.add_tracker("a", {"DEV", {}, {"Incident"}});
  w.add_tracker("b", {"DEV"});
  auto& a = w.add_node("a", "a", {{"basic", "presets/basic.sync"}});
  auto& b = w.add_node("b", "b", {{"basic", "presets/basic.sync"}});
  w.pair_with_commands(a, "basic", b, "basic");  // as two admins would, through the admin API
  TrackerUser ann = w.user("a"), bob = w.user("b");

  const std::string incident = ann.create({{"project", {{"key", "DEV"}}}, {"issuetype", {{"name", "Incident"}}},
                                           {"summary", "Database failover"}, {"description", "Primary went away at 02:00."}});
  ann.comment(incident, "Failover took 40 s.");
  ann.attach(incident, "timeline.txt", "02:00 primary lost");
  const std::string story = ann.create({{"project", {{"key", "DEV"}}}, {"issuetype", {{"name", "Story"}}},
                                        {"summary", "Faster failover"}});
  ASSERT_TRUE(a.exalate("basic", incident));
  ASSERT_TRUE(a.exalate("basic", story));
  const std::string incident_twin = NodeWorld::twin_of(a, incident);
  const std::string story_twin = NodeWorld::twin_of(a, story);
  ASSERT_FALSE(incident_twin.empty());
  ASSERT_FALSE(story_twin.empty());
  ASSERT_TRUE(NodeWorld::eventually([&] {
    return contains(bob.comment_bodies(incident_twin), "Failover took 40 s.") &&
           contains(bob.attachment_names(incident_twin), "timeline.txt");
  })) << bob.issue(incident_twin).dump(2);
  EXPECT_EQ(bob.field(incident_twin, "issuetype")["name"], "Task");  // b has no Incident
  EXPECT_EQ(bob.field(story_twin, "issuetype")["name"], "Story");
  EXPECT_EQ(bob.field(incident_twin, "summary"), "Database failover");
  EXPECT_EQ(bob.field(incident_twin, "description"), "Primary went away at 02:00.");

  // Both ways: b's edit and comment come back.
  bob.call("PUT", "/rest/api/2/issue/" + incident_twin, {{"fields", {{"summary", "Database failover (resolved)"}}}});
  bob.comment(incident_twin, "Postmortem scheduled.");
  EXPECT_TRUE(NodeWorld::eventually([&] {
    return ann.field(incident, "summary") == "Database failover (resolved)" &&
           contains(ann.comment_bodies(incident), "Postmortem scheduled.");
  })) << ann.issue(incident).dump(2);
  EXPECT_EQ(ann.field(incident, "issuetype")["name"], "Incident");  // a Task coming back leaves the type alone
}

// (5) Visual mode: per-field direction (labels only leave QA, the environment only arrives) and
// value maps between QA's older workflow words and the developers' (both directions).
TEST(UseCases, VisualModeDirectionsAndValueMaps) {
  NodeWorld w;
  TrackerSpec older{"QA"};  // QA runs an older Jira Server's words for statuses and priorities
  older.status_names = {"Open", "In Progress", "Resolved", "Closed"};
  older.priority_names = {"Blocker", "Critical", "Major", "Minor", "Trivial"};
  w.add_tracker("qa", older);
  w.add_tracker("dev", {"DEV"});
  auto& qa = w.add_node("qa", "qa", {{"visual", "presets/visual.sync"}});
  auto& dev = w.add_node("dev", "dev", {{"visual_dev", "presets/visual_dev.sync"}});
  w.pair(qa, "visual", dev, "visual_dev");
  TrackerUser tester = w.user("qa"), developer = w.user("dev");

  const std::string bug = tester.create({{"project", {{"key", "QA"}}},
                                         {"summary", "Tooltip hides the save button"},
                                         {"priority", {{"name", "Critical"}}},
                                         {"labels", {"ui"}},
                                         {"environment", "Firefox on Windows"}});
  ASSERT_TRUE(qa.exalate("visual", bug));
  const std::string twin = NodeWorld::twin_of(qa, bug);
  ASSERT_FALSE(twin.empty());
  ASSERT_TRUE(NodeWorld::eventually([&] { return developer.field(twin, "summary") == "Tooltip hides the save button"; }));
  EXPECT_EQ(developer.field(twin, "priority")["name"], "High");  // Critical <-> High
  EXPECT_EQ(developer.field(twin, "labels"), nlohmann::json({"ui"}));
  EXPECT_EQ(developer.status(twin), "To Do");                    // Open <-> To Do
  EXPECT_TRUE(developer.field(twin, "environment").is_null()) << "environment only arrives at QA";

  developer.call("PUT", "/rest/api/2/issue/" + twin,
                 {{"fields", {{"environment", "Staging cluster"}, {"labels", {"backend"}}, {"priority", {{"name", "Lowest"}}}}}});
  developer.move_to(twin, "In Progress");
  EXPECT_TRUE(NodeWorld::eventually([&] {
    return tester.field(bug, "environment") == "Staging cluster" && tester.status(bug) == "In Progress" &&
           tester.field(bug, "priority")["name"] == "Trivial";
  })) << tester.issue(bug).dump(2);
  EXPECT_EQ(tester.field(bug, "labels"), nlohmann::json({"ui"})) << "labels only leave QA";

  auto dump = [&] {
    std::string out;
    for (auto [n, c, k] : {std::tuple{&qa, "visual", bug}, std::tuple{&dev, "visual_dev", twin}}) {
      if (auto h = n->history(c, k)) {
        for (const auto& e : *h) out += n->name() + " " + e.direction + " " + e.outcome + " " + e.fields + "\n";
      }
    }
    return out;
  };
  ASSERT_EQ(developer.status(twin), "In Progress") << dump();
  developer.move_to(twin, "Done");
  EXPECT_TRUE(NodeWorld::eventually([&] { return tester.status(bug) == "Closed"; }))  // Closed <-> Done
      << dump();
  for (node::Node* n : {&qa, &dev}) {
    auto errors = n->errors();
    ASSERT_TRUE(errors);
    for (const auto& e : *errors) ADD_FAILURE() << n->name() << ": " << e.local_key << ": " << e.message;
  }
}

}  // namespace
}  // namespace twinsync::testkit
