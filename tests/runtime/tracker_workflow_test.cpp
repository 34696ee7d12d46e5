// Comments (with visibility) and transitions on the embedded tracker.
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::testkit::TrackerTest;

class TrackerWorkflow : public TrackerTest {};

TEST_F(TrackerWorkflow, CommentCrudInBothVersions) {
  const std::string key = create("talk");
  auto c1 = call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "first *bold*"}});
  ASSERT_EQ(c1.status, 201) << c1.raw.body;
  const std::string id = c1.json["id"];
  auto c2 = call("POST", "/rest/api/3/issue/" + key + "/comment",
                 {{"body", {{"type", "doc"}, {"version", 1},
                            {"content", {{{"type", "paragraph"}, {"content", {{{"type", "text"}, {"text", "second"}}}}}}}}},
                  {"visibility", {{"type", "role"}, {"value", "Administrators"}}}});
  ASSERT_EQ(c2.status, 201) << c2.raw.body;
  EXPECT_EQ(c2.json["visibility"]["value"], "Administrators");
  EXPECT_EQ(c2.json["body"]["type"], "doc");
  auto list = call("GET", "/rest/api/2/issue/" + key + "/comment");
  EXPECT_EQ(list.json["total"], 2);
  EXPECT_EQ(list.json["comments"][1]["body"], "second");
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/comment?orderBy=-created").json["comments"][0]["body"], "second");
  auto edited = call("PUT", "/rest/api/2/issue/" + key + "/comment/" + id, {{"body", "first, edited"}});
  EXPECT_EQ(edited.status, 200);
  EXPECT_EQ(call("GET", "/rest/api/3/issue/" + key + "/comment/" + id).json["body"]["content"][0]["content"][0]["text"],
            "first, edited");
  EXPECT_EQ(call("DELETE", "/rest/api/2/issue/" + key + "/comment/" + id).status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/comment/" + id).status, 404);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key).json["fields"]["comment"]["total"], 1);
}

TEST_F(TrackerWorkflow, CommentErrors) {
  const std::string key = create("talk");
  EXPECT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", ""}}).status, 400);
  EXPECT_EQ(call("POST", "/rest/api/3/issue/" + key + "/comment", {{"body", "wiki text on v3"}}).status, 400);
  EXPECT_EQ(call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "x"}, {"visibility", {{"type", "planet"}}}}).status, 400);
  EXPECT_EQ(call("POST", "/rest/api/2/issue/DEMO-99/comment", {{"body", "x"}}).status, 404);
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key + "/comment/12345", {{"body", "x"}}).status, 404);
}

TEST_F(TrackerWorkflow, TransitionsFollowTheWorkflowBothWays) {
  const std::string key = create("flow");
  auto step = [&](const std::string& id) {
    return call("POST", "/rest/api/2/issue/" + key + "/transitions", {{"transition", {{"id", id}}}}).status;
  };
  auto status = [&] { return call("GET", "/rest/api/2/issue/" + key).json["fields"]["status"]["name"]; };
  EXPECT_EQ(step("21"), 400);  // not available from To Do
  EXPECT_EQ(step("11"), 204);
  EXPECT_EQ(status(), "In Progress");
  EXPECT_EQ(step("41"), 204);  // back
  EXPECT_EQ(status(), "To Do");
  EXPECT_EQ(step("11"), 204);
  EXPECT_EQ(step("21"), 204);
  auto available = call("GET", "/rest/api/2/issue/" + key + "/transitions?expand=transitions.fields");
  ASSERT_EQ(available.json["transitions"].size(), 2u);
  const json& done = available.json["transitions"][0];
  EXPECT_EQ(done["name"], "Done");
  EXPECT_TRUE(done["fields"].contains("resolution"));
  EXPECT_EQ(done["fields"]["resolution"]["allowedValues"].size(), 4u);
  auto r = call("POST", "/rest/api/2/issue/" + key + "/transitions",
                {{"transition", {{"id", "31"}}}, {"fields", {{"resolution", {{"name", "Won't Do"}}}}},
                 {"update", {{"comment", {{{"add", {{"body", "closing"}}}}}}}}});
  ASSERT_EQ(r.status, 204) << r.raw.body;
  auto issue = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog");
  EXPECT_EQ(issue.json["fields"]["status"]["name"], "Done");
  EXPECT_EQ(issue.json["fields"]["resolution"]["name"], "Won't Do");
  EXPECT_FALSE(issue.json["fields"]["resolutiondate"].is_null());
  EXPECT_EQ(issue.json["fields"]["comment"]["comments"][0]["body"], "closing");
  const json& last = issue.json["changelog"]["histories"].back()["items"];
  std::set<std::string> fields;
  for (const auto& i : last) fields.insert(i["field"]);
  EXPECT_TRUE(fields.count("status") && fields.count("resolution")) << last.dump();
  EXPECT_EQ(step("61"), 204);  // reopen clears the resolution
  EXPECT_TRUE(call("GET", "/rest/api/2/issue/" + key).json["fields"]["resolution"].is_null());
}

TEST_F(TrackerWorkflow, TransitionScreensLimitTheFields) {
  const std::string key = create("flow");
  auto r = call("POST", "/rest/api/2/issue/" + key + "/transitions",
                {{"transition", {{"id", "11"}}}, {"fields", {{"summary", "sneaky"}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.json["errors"].contains("summary"));
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key).json["fields"]["status"]["name"], "To Do");
  EXPECT_EQ(call("POST", "/rest/api/2/issue/" + key + "/transitions", json::object()).status, 400);
  EXPECT_EQ(call("POST", "/rest/api/2/issue/" + key + "/transitions", {{"transition", {{"name", "Start Progress"}}}}).status, 204);
}

}  // namespace
