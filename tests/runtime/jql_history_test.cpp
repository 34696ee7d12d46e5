// WAS and CHANGED end to end: the embedded tracker answers them from its changelog, and a node's
// trigger that uses them (compiled as a trigger: the clause is asked of the tracker as
// `key = K AND (clause)`, TS056) selects exactly the issues the tracker's own search finds.
#include "tests/support/jql_world.h"

namespace twinsync::testkit::jql_history_test {
namespace {

const Keys kAll = {"DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4", "DEMO-5"};

class JqlHistory : public JqlWorld {
 protected:
  void SetUp() override {
    tracker::TrackerOptions opt;
    opt.groups = {"qa-team:ann"};
    start_tracker(opt);
    // Everything is done as the admin, who is also every issue's creator.
    create("one");    // DEMO-1: To Do -> In Progress -> To Do
    create("two");    // DEMO-2: To Do -> In Progress (now)
    create("three");  // DEMO-3: never moved
    create("four", {{"assignee", {{"name", "ann"}}}, {"priority", {{"name", "High"}}}, {"fixVersions", {{{"name", "1.0"}}}}});
    create("five");   // DEMO-5: all the way to Done, resolution Done
    transition("DEMO-1", "11");
    transition("DEMO-1", "41");
    transition("DEMO-2", "11");
    // DEMO-4: assignee ann -> bob, priority High -> Low, fixVersion 1.0 -> 1.1
    edit("DEMO-4", {{"assignee", {{"name", "bob"}}}, {"priority", {{"name", "Low"}}}, {"fixVersions", {{{"name", "1.1"}}}}});
    transition("DEMO-5", "11");
    transition("DEMO-5", "21");
    transition("DEMO-5", "31", {{"resolution", {{"name", "Done"}}}});
  }
};

TEST_F(JqlHistory, TheTrackerAnswersFromItsChangelogAndATriggerAgrees) {
  const std::vector<std::pair<std::string, Keys>> table = {
      {"status WAS \"In Progress\"", {"DEMO-1", "DEMO-2", "DEMO-5"}},  // in the past, or now
      {"status WAS NOT \"In Progress\"", {"DEMO-3", "DEMO-4"}},
      {"status WAS IN (\"In Review\", Done)", {"DEMO-5"}},
      {"status WAS NOT IN (\"In Review\", Done)", {"DEMO-1", "DEMO-2", "DEMO-3", "DEMO-4"}},
      {"status WAS \"To Do\"", kAll},  // every issue was created in To Do
      {"status WAS \"To Do\" BY currentUser()", kAll},  // the creator set the first value
      {"status WAS \"In Progress\" BY ann", {}},
      {"status WAS 10001", {"DEMO-1", "DEMO-2", "DEMO-5"}},  // by id, as Jira allows
      {"status WAS \"In Progress\" BEFORE \"2020/01/01\"", {}},
      {"status WAS \"In Progress\" AFTER \"2020/01/01\"", {"DEMO-1", "DEMO-2", "DEMO-5"}},
      {"status WAS \"In Progress\" DURING (\"2019/01/01\", \"2020/01/01\")", {}},
      {"status WAS \"In Progress\" DURING (-1d, now())", {"DEMO-1", "DEMO-2", "DEMO-5"}},
      {"status WAS \"In Progress\" ON startOfDay()", {"DEMO-1", "DEMO-2", "DEMO-5"}},
      {"status CHANGED", {"DEMO-1", "DEMO-2", "DEMO-5"}},
      {"NOT status CHANGED", {"DEMO-3", "DEMO-4"}},
      {"status CHANGED FROM \"In Progress\" TO \"To Do\"", {"DEMO-1"}},
      {"status CHANGED FROM \"To Do\" TO \"In Progress\" AFTER -1h", {"DEMO-1", "DEMO-2", "DEMO-5"}},
      {"status CHANGED TO Done BY (ann, admin)", {"DEMO-5"}},
      {"status CHANGED BY ann", {}},
      {"status CHANGED BEFORE -1d", {}},
      {"status CHANGED DURING (startOfDay(), endOfDay())", {"DEMO-1", "DEMO-2", "DEMO-5"}},
      {"project = DEMO AND status WAS \"In Progress\" AND status != \"In Progress\"", {"DEMO-1", "DEMO-5"}},
      {"assignee WAS ann", {"DEMO-4"}},
      {"assignee WAS IN membersOf(\"qa-team\")", {"DEMO-4"}},
      {"assignee WAS EMPTY", {"DEMO-1", "DEMO-2", "DEMO-3", "DEMO-5"}},
      {"assignee CHANGED FROM ann TO bob", {"DEMO-4"}},
      {"assignee CHANGED FROM \"Ann QA\"", {"DEMO-4"}},  // a user by display name too
      {"priority WAS High", {"DEMO-4"}},
      {"priority CHANGED FROM High TO Low", {"DEMO-4"}},
      {"fixVersion WAS \"1.0\"", {"DEMO-4"}},
      {"fixVersion WAS \"1.1\" AND fixVersion CHANGED FROM \"1.0\"", {"DEMO-4"}},
      {"resolution WAS Done", {"DEMO-5"}},
      {"resolution CHANGED TO Done", {"DEMO-5"}},
      {"resolution WAS EMPTY", kAll},
      {"reporter CHANGED", {}},
  };
  auto p = port();
  for (const auto& [jql, want] : table) {
    EXPECT_EQ(searched(p->client(), jql), want) << "the tracker's search: " << jql;
    EXPECT_EQ(evaluated(*p, jql, kAll), want) << "the node's trigger: " << jql;
  }
}

TEST_F(JqlHistory, JirasRefusalsComeBackAsJirasErrors) {
  for (const auto& [jql, text] : std::vector<std::pair<std::string, std::string>>{
           {"summary WAS x", "History searches do not support the 'summary' field"},
           {"status WAS Done FROM Open", "The 'FROM' predicate is not supported by the 'WAS' operator"}}) {
    const auto r = call("POST", "/rest/api/2/search", {{"jql", jql}});
    EXPECT_EQ(r.status, 400) << jql;
    ASSERT_TRUE(r.json.contains("errorMessages")) << r.raw.body;
    EXPECT_NE(r.json["errorMessages"][0].get<std::string>().find(text), std::string::npos) << r.raw.body;
  }
}

}  // namespace
}  // namespace twinsync::testkit::jql_history_test
