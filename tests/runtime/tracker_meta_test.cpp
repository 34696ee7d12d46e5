// The embedded tracker's configuration resources: serverInfo, myself, field, project, issue
// types, priorities, statuses, resolutions, createmeta, editmeta, users.
#include "tests/support/tracker_client.h"

namespace {

using twinsync::testkit::TrackerTest;

class TrackerMeta : public TrackerTest {};

TEST_F(TrackerMeta, ServerInfoIsAnonymousEverythingElseIsNot) {
  auto info = call("GET", "/rest/api/2/serverInfo", nullptr, {}, false);
  EXPECT_EQ(info.status, 200);
  EXPECT_EQ(info.json["baseUrl"], tracker_->base_url());
  EXPECT_EQ(info.json["deploymentType"], "Cloud");
  auto me = call("GET", "/rest/api/3/myself", nullptr, {}, false);
  EXPECT_EQ(me.status, 401);
  EXPECT_TRUE(me.json["errorMessages"].is_array());
  EXPECT_TRUE(me.json["errors"].is_object());
}

TEST_F(TrackerMeta, MyselfAndUsers) {
  auto me = call("GET", "/rest/api/3/myself");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json["emailAddress"], "admin@example.com");
  EXPECT_EQ(me.json["accountId"].get<std::string>().size(), 24u);
  auto found = call("GET", "/rest/api/3/user/search?query=ann");
  ASSERT_EQ(found.status, 200);
  ASSERT_EQ(found.json.size(), 1u);
  EXPECT_EQ(found.json[0]["displayName"], "Ann QA");
  auto by_id = call("GET", "/rest/api/3/user?accountId=" + found.json[0]["accountId"].get<std::string>());
  EXPECT_EQ(by_id.json["emailAddress"], "ann@example.com");
  EXPECT_EQ(call("GET", "/rest/api/3/user/search").status, 400);
  EXPECT_EQ(call("GET", "/rest/api/3/user?accountId=nobody").status, 404);
}

TEST_F(TrackerMeta, FieldsIncludeEveryCustomKind) {
  auto f = call("GET", "/rest/api/2/field");
  ASSERT_EQ(f.status, 200);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& field : f.json) by_name[field["name"]] = field;
  EXPECT_EQ(by_name["Summary"]["id"], "summary");
  EXPECT_EQ(by_name["Story Points"]["schema"]["type"], "number");
  EXPECT_EQ(by_name["Story Points"]["id"], "customfield_10010");
  EXPECT_EQ(by_name["Severity"]["schema"]["type"], "option");
  EXPECT_EQ(by_name["Platforms"]["schema"]["items"], "option");
  EXPECT_EQ(by_name["Target Date"]["schema"]["type"], "date");
  EXPECT_EQ(by_name["QA Owner"]["schema"]["type"], "user");
  EXPECT_EQ(by_name["Customer"]["schema"]["custom"], "com.atlassian.jira.plugin.system.customfieldtypes:textfield");
  EXPECT_TRUE(by_name["Notes"]["custom"].get<bool>());
}

TEST_F(TrackerMeta, ProjectsAndWorkflowConfiguration) {
  auto projects = call("GET", "/rest/api/3/project");
  ASSERT_EQ(projects.status, 200);
  ASSERT_EQ(projects.json.size(), 1u);
  EXPECT_EQ(projects.json[0]["key"], "DEMO");
  auto p = call("GET", "/rest/api/3/project/DEMO");
  EXPECT_EQ(p.json["components"].size(), 3u);
  EXPECT_EQ(p.json["versions"].size(), 3u);
  EXPECT_EQ(call("GET", "/rest/api/3/project/NOPE").status, 404);
  std::vector<std::string> names;
  for (const auto& t : call("GET", "/rest/api/2/issuetype").json) names.push_back(t["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"Epic", "Task", "Sub-task", "Story", "Bug"}));
  names.clear();
  for (const auto& t : call("GET", "/rest/api/2/priority").json) names.push_back(t["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"Highest", "High", "Medium", "Low", "Lowest"}));
  names.clear();
  for (const auto& t : call("GET", "/rest/api/2/status").json) names.push_back(t["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"To Do", "In Progress", "In Review", "Done"}));
  EXPECT_EQ(call("GET", "/rest/api/2/resolution").json.size(), 4u);
  EXPECT_EQ(call("GET", "/rest/api/2/priority/3").json["name"], "Medium");
  EXPECT_EQ(call("GET", "/rest/api/2/priority/99").status, 404);
}

TEST_F(TrackerMeta, CreateMetaTellsRequiredFieldsAndAllowedValues) {
  auto classic = call("GET", "/rest/api/2/issue/createmeta?projectKeys=DEMO&issuetypeNames=Sub-task"
                             "&expand=projects.issuetypes.fields");
  ASSERT_EQ(classic.status, 200) << classic.raw.body;
  const auto& type = classic.json["projects"][0]["issuetypes"][0];
  EXPECT_EQ(type["name"], "Sub-task");
  EXPECT_TRUE(type["fields"]["summary"]["required"].get<bool>());
  EXPECT_TRUE(type["fields"]["parent"]["required"].get<bool>());
  EXPECT_FALSE(type["fields"]["description"]["required"].get<bool>());
  EXPECT_EQ(type["fields"]["customfield_10012"]["allowedValues"].size(), 4u);
  EXPECT_FALSE(type["fields"].contains("resolution"));
  auto types = call("GET", "/rest/api/3/issue/createmeta/DEMO/issuetypes");
  EXPECT_EQ(types.json["total"], 5);
  auto fields = call("GET", "/rest/api/3/issue/createmeta/DEMO/issuetypes/10004");
  ASSERT_EQ(fields.status, 200);
  bool has_summary = false;
  for (const auto& f : fields.json["fields"]) has_summary |= f["fieldId"] == "summary";
  EXPECT_TRUE(has_summary);
  auto key = create("meta");
  auto edit = call("GET", "/rest/api/2/issue/" + key + "/editmeta");
  ASSERT_EQ(edit.status, 200);
  EXPECT_TRUE(edit.json["fields"].contains("labels"));
  EXPECT_FALSE(edit.json["fields"].contains("status"));
}

TEST_F(TrackerMeta, UnknownResourcesAndMethods) {
  auto missing = call("GET", "/rest/api/2/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.json["errorMessages"].is_array());
  auto method = call("PATCH", "/rest/api/2/field");
  EXPECT_EQ(method.status, 405);
  EXPECT_EQ(call("GET", "/rest/api/4/field").status, 404);
  EXPECT_EQ(call("GET", "/rest/api/latest/field").status, 200);
}

}  // namespace
