// operations_cli_test.cpp — an administrator's day through the CLI, against two nodes and two
// embedded trackers: the connections, the triggers (switched at runtime, kept across a
// restart), publishing with an error, a dry run, a rollback, statistics, and a parked twin that
// resumes in order after its cause is fixed and the error retried.
#include <gtest/gtest.h>

#include "tests/support/qa_dev_world.h"

namespace twinsync::testkit {
namespace {

class OperationsCli : public QaDevTest {
 protected:
  nlohmann::json json_on(node::Node& n, const std::string& args) {
    auto r = run_twinsync(args + " --json" + w.cli_target(n) + " 2>/dev/null");
    EXPECT_EQ(r.status, 0) << args << ": " << r.out;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
  }
  static std::string example(const std::string& name) {
    std::ifstream in(examples_dir() + "/outsourced_qa/" + name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  }
};

TEST_F(OperationsCli, ConnectionsShowSidesStatePeerIssuesAndTheLastSync) {
  const std::string bug = vetted_bug("Crash on save");
  ASSERT_FALSE(NodeWorld::twin_of(*qa, bug).empty()) << w.diagnose();
  // Synced, and the twin's link event from DEV applied (until then it counts as pending in).
  ASSERT_TRUE(NodeWorld::eventually([&] {
    const std::string out = on(*qa, "connections").out;
    return out.find("(" + bug + ")") != std::string::npos && out.find("pending out 0, in 0") != std::string::npos;
  })) << on(*qa, "connections").out;
  auto r = on(*qa, "connections");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("qa_to_dev  active  QA <-> DEV"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("QA's vetted bugs to the developers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 issues under sync, last sync 20"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(dev_from_qa)"), std::string::npos) << "the peer and its name for the connection: " << r.out;
  EXPECT_NE(r.out.find("pending out 0, in 0, open errors 0"), std::string::npos) << r.out;

  ASSERT_EQ(on(*qa, "pause qa_to_dev").status, 0);
  EXPECT_NE(on(*qa, "connections").out.find("qa_to_dev  paused"), std::string::npos);
  ASSERT_EQ(on(*qa, "resume qa_to_dev").status, 0);

  // A new title and description: kept across a restart, the twins and the peer stay.
  auto renamed = on(*qa, "rename qa_to_dev \"QA and Dev (EU)\" --description \"Vetted bugs, EU teams\"");
  ASSERT_EQ(renamed.status, 0) << renamed.out;
  EXPECT_NE(renamed.out.find("now called \"QA and Dev (EU)\""), std::string::npos) << renamed.out;
  EXPECT_EQ(on(*qa, "rename qa_to_dev").status, 2) << "a title, a description or both";
  EXPECT_EQ(on(*qa, "rename nosuch x").status, 1);
  qa = &w.restart_node("qa");
  r = on(*qa, "connections");
  EXPECT_NE(r.out.find("qa_to_dev  \"QA and Dev (EU)\"  active  QA <-> DEV"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Vetted bugs, EU teams"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 issues under sync"), std::string::npos) << r.out;
  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "Crash on save, renamed connection"}}}});
  const std::string twin = NodeWorld::twin_of(*qa, bug);
  EXPECT_TRUE(NodeWorld::eventually([&] { return developer.field(twin, "summary") == "Crash on save, renamed connection"; }))
      << w.diagnose();
}

// The remote link on each issue tells the twin's state and opens the twin on the other tracker.
TEST_F(OperationsCli, TheIssueShowsItsTwinsStateAndOpensTheTwin) {
  const std::string bug = vetted_bug("Typo on the login page");
  const std::string twin = NodeWorld::twin_of(*qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();
  auto link_of = [](TrackerUser& user, const std::string& key) {
    auto links = user.call("GET", "/rest/api/2/issue/" + key + "/remotelink");
    return links.is_array() && links.size() == 1 ? links[0]["object"] : nlohmann::json();
  };
  auto shown = [&](TrackerUser& user, const std::string& key) {
    auto o = link_of(user, key);
    return o.is_object() ? o["status"]["icon"].value("title", "") : std::string();
  };
  ASSERT_TRUE(NodeWorld::eventually([&] { return shown(tester, bug) == "synchronized"; })) << link_of(tester, bug);
  EXPECT_EQ(link_of(tester, bug).value("url", ""), green->base_url() + "/browse/" + twin);
  EXPECT_EQ(link_of(tester, bug).value("title", ""), twin);
  ASSERT_TRUE(NodeWorld::eventually([&] { return shown(developer, twin) == "synchronized"; })) << link_of(developer, twin);
  EXPECT_EQ(link_of(developer, twin).value("url", ""), blue->base_url() + "/browse/" + bug);

  auto r = on(*qa, "unexalate -c qa_to_dev " + bug);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(shown(tester, bug), "unexalated") << "this side's link changes with the command";
  EXPECT_TRUE(NodeWorld::eventually([&] { return shown(developer, twin) == "unexalated"; })) << link_of(developer, twin);
}

// Two issues that exist already, linked by the operator: checked here first; the other side
// binds its issue only inside its own scope, and says so when it refuses.
TEST_F(OperationsCli, ConnectChecksTheIssuesAndThePeerKeepsItsScope) {
  const std::string mine = tester.create({{"project", {{"key", "QA"}}}, {"summary", "Known on both sides"}});
  const std::string theirs = developer.create({{"project", {{"key", "DEV"}}}, {"summary", "Known on both sides"}});
  ASSERT_FALSE(mine.empty());
  ASSERT_FALSE(theirs.empty());

  auto missing = on(*qa, "connect -c qa_to_dev QA-999 " + theirs);
  EXPECT_EQ(missing.status, 1) << missing.out;
  EXPECT_NE(missing.out.find("QA-999 does not exist on this tracker"), std::string::npos) << missing.out;
  auto malformed = on(*qa, "connect -c qa_to_dev " + mine + " 'DEV-1 OR 1=1'");
  EXPECT_EQ(malformed.status, 1) << malformed.out;
  EXPECT_NE(malformed.out.find("two issue keys"), std::string::npos) << malformed.out;
  EXPECT_NE(on(*qa, "status QA-999").out.find("QA-999 is not under sync"), std::string::npos) << "nothing recorded";

  auto linked = on(*qa, "connect -c qa_to_dev " + mine + " " + theirs);
  ASSERT_EQ(linked.status, 0) << linked.out;
  EXPECT_NE(linked.out.find(mine + " linked to " + theirs), std::string::npos) << linked.out;
  EXPECT_NE(on(*qa, "status " + mine).out.find("twin " + theirs), std::string::npos);
  // DEV's rules have no trigger and no one at DEV exalated the issue: DEV refuses, and says why.
  ASSERT_TRUE(NodeWorld::eventually([&] { return on(*dev, "errors").out.find("connect " + theirs) != std::string::npos; }))
      << w.diagnose();
  EXPECT_NE(on(*dev, "errors").out.find("outside connection dev_from_qa"), std::string::npos) << on(*dev, "errors").out;
}

TEST_F(OperationsCli, ATriggerSwitchedOffStaysOffAcrossARestartAndOnAgainPicksIssuesUp) {
  auto listed = on(*qa, "triggers qa_to_dev");
  ASSERT_EQ(listed.status, 0) << listed.out;
  EXPECT_NE(listed.out.find("vetted_bugs  active  0 issues match now"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("project = QA AND issuetype = Bug AND labels = vetted"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("note: a bug syncs once QA labels it vetted"), std::string::npos) << listed.out;

  auto off = on(*qa, "trigger qa_to_dev vetted_bugs --deactivate");
  ASSERT_EQ(off.status, 0) << off.out;
  EXPECT_EQ(on(*qa, "trigger qa_to_dev vetted_bugs").status, 2) << "one of --activate or --deactivate";
  EXPECT_EQ(on(*qa, "trigger qa_to_dev nosuch --activate").status, 1);

  qa = &w.restart_node("qa");
  auto after = json_on(*qa, "triggers qa_to_dev --no-count");
  ASSERT_EQ(after["triggers"].size(), 1u) << after;
  EXPECT_FALSE(after["triggers"][0]["active"].get<bool>()) << "the switch is kept across a restart";
  EXPECT_TRUE(after["triggers"][0]["fileActive"].get<bool>());
  EXPECT_TRUE(after["triggers"][0]["matches"].is_null());

  const std::string bug = vetted_bug("Found while the trigger is off");
  ASSERT_TRUE(qa_settled()) << w.diagnose();
  auto status = on(*qa, "status " + bug);
  EXPECT_NE(status.out.find(bug + " is not under sync"), std::string::npos) << status.out;
  EXPECT_NE(on(*qa, "triggers qa_to_dev").out.find("vetted_bugs  inactive (switched; the rule file says otherwise)  1 issues match now"),
            std::string::npos);

  ASSERT_EQ(on(*qa, "trigger qa_to_dev vetted_bugs --activate").status, 0);
  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "Found, and now the trigger is on"}}}});
  const std::string twin = NodeWorld::twin_of(*qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();
  EXPECT_TRUE(NodeWorld::eventually([&] { return developer.field(twin, "summary") == "Found, and now the trigger is on"; }));
}

// A switch holds for the trigger it was made for: a publish that redefines the trigger under the
// same name (a broader JQL, say) starts it from its rule file's default again.
TEST_F(OperationsCli, ATriggerRedefinedByAPublishStartsFromItsFilesDefault) {
  ASSERT_EQ(on(*qa, "trigger qa_to_dev vetted_bugs --deactivate").status, 0);
  const std::string same = w.file("same.sync", example("qa.sync") + "\n// the same triggers, another version\n");
  ASSERT_EQ(on(*qa, "publish qa_to_dev " + same).status, 0);
  EXPECT_FALSE(json_on(*qa, "triggers qa_to_dev --no-count")["triggers"][0]["active"].get<bool>()) << "kept: the same JQL";
  const std::string broader = w.file("broader.sync", replaced(example("qa.sync"), "AND labels = vetted", ""));
  ASSERT_EQ(on(*qa, "publish qa_to_dev " + broader).status, 0);
  auto t = json_on(*qa, "triggers qa_to_dev --no-count")["triggers"][0];
  EXPECT_EQ(t.value("jql", ""), "project = QA AND issuetype = Bug");
  EXPECT_TRUE(t["active"].get<bool>()) << "a redefined trigger is not switched off by the old switch: " << t;
}

TEST_F(OperationsCli, PublishRefusesErrorsTriesADraftOnLiveIssuesAndRollsBack) {
  const std::string bug = vetted_bug("Login fails");
  const std::string twin = NodeWorld::twin_of(*qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();
  const std::string first = json_on(*qa, "rules qa_to_dev")["versions"][0]["version"];

  const std::string bad = w.file("bad.sync", replaced(example("qa.sync"), "replica.summary     = issue.summary",
                                                     "replica.summary     = issue.sumary"));
  auto refused = on(*qa, "publish qa_to_dev " + bad);
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find("bad.sync:11:31: error: no field `sumary`"), std::string::npos) << "diagnostics at the line, as lint prints them: " << refused.out;
  EXPECT_NE(refused.out.find("summary"), std::string::npos) << "with the suggestion: " << refused.out;

  const std::string draft = w.file("draft.sync", replaced(example("qa.sync"), "replica.summary     = issue.summary",
                                                         "replica.summary     = \"[QA] {issue.summary}\""));
  auto tried = on(*qa, "publish qa_to_dev " + draft + " --dry-run " + bug + " QA-404");
  ASSERT_EQ(tried.status, 0) << tried.out;
  EXPECT_NE(tried.out.find(bug + " (under sync)\n  summary: \"Login fails\" -> \"[QA] Login fails\""), std::string::npos)
      << tried.out;
  EXPECT_NE(tried.out.find("QA-404: "), std::string::npos) << "a missing issue is said, not fatal: " << tried.out;
  auto versions = json_on(*qa, "rules qa_to_dev")["versions"];
  EXPECT_EQ(versions.size(), 1u) << "neither the refused file nor the dry run made a version: " << versions;

  auto published = on(*qa, "publish qa_to_dev " + draft + " --author ann");
  ASSERT_EQ(published.status, 0) << published.out;
  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "Login fails twice"}}}});
  ASSERT_TRUE(NodeWorld::eventually([&] { return developer.field(twin, "summary") == "[QA] Login fails twice"; }))
      << w.diagnose();
  auto listed = on(*qa, "rules qa_to_dev");
  EXPECT_NE(listed.out.find("  " + first.substr(0, 12)), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("ann  " + draft), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("* " + first.substr(0, 12)), std::string::npos) << "the draft runs now: " << listed.out;

  auto shown = on(*qa, "rules qa_to_dev --show " + first.substr(0, 8));
  EXPECT_EQ(shown.out, example("qa.sync"));
  EXPECT_EQ(on(*qa, "rules qa_to_dev --show 0000000").status, 1);
  EXPECT_EQ(on(*qa, "rules qa_to_dev --show ../../x").status, 1);

  auto rolled = on(*qa, "publish qa_to_dev --version " + first.substr(0, 12));
  ASSERT_EQ(rolled.status, 0) << rolled.out;
  EXPECT_NE(on(*qa, "rules qa_to_dev").out.find("* " + first.substr(0, 12)), std::string::npos);
  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"summary", "Login fails again"}}}});
  EXPECT_TRUE(NodeWorld::eventually([&] { return developer.field(twin, "summary") == "Login fails again"; }))
      << w.diagnose();
}

TEST_F(OperationsCli, AParkedTwinResumesInOrderWhenTheCauseIsFixedAndTheErrorRetried) {
  const std::string strict = replaced(example("dev.sync"), "issue.priority    = replica.priority ?? \"Medium\"",
                                      "issue.priority    = priorityMap[replica.priority] else error \"no priority mapping\"");
  ASSERT_EQ(on(*dev, "publish dev_from_qa " + w.file("strict.sync", strict + "\nmap priorityMap { \"Low\" <- \"Low\" }\n")).status, 0);

  const std::string bug = vetted_bug("Data loss", "High");
  ASSERT_TRUE(NodeWorld::eventually([&] { return !json_on(*dev, "errors")["errors"].empty(); })) << w.diagnose();
  const auto error = json_on(*dev, "errors")["errors"][0];
  EXPECT_NE(error.value("message", "").find("no priority mapping"), std::string::npos) << error;
  EXPECT_NE(on(*dev, "status").out.find("open errors 1"), std::string::npos) << on(*dev, "status").out;
  tester.comment(bug, "Seen again after the error");

  const std::string fixed = strict + "\nmap priorityMap { \"Low\" <- \"Low\"  \"High\" <- \"High\" }\n";
  ASSERT_EQ(on(*dev, "publish dev_from_qa " + w.file("fixed.sync", fixed)).status, 0);
  auto retried = on(*dev, "retry " + std::to_string(error.value("id", 0)));
  ASSERT_EQ(retried.status, 0) << retried.out;
  EXPECT_NE(retried.out.find("retried: the twin resumes in order"), std::string::npos) << retried.out;

  const std::string twin = NodeWorld::twin_of(*qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();
  ASSERT_TRUE(NodeWorld::eventually([&] { return developer.comment_bodies(twin).size() == 1; })) << w.diagnose();
  EXPECT_NE(developer.comment_bodies(twin)[0].find("Seen again after the error"), std::string::npos);
  EXPECT_EQ(developer.field(twin, "priority").value("name", ""), "High");
  EXPECT_NE(on(*dev, "errors").out.find("no open errors"), std::string::npos);
  EXPECT_NE(on(*dev, "status").out.find("open errors 0"), std::string::npos) << on(*dev, "status").out;
  auto links = developer.call("GET", "/rest/api/2/issue/" + twin + "/remotelink");
  ASSERT_EQ(links.size(), 1u) << links;
  EXPECT_EQ(links[0]["object"]["status"]["icon"].value("title", ""), "synchronized") << links;

  auto stats = json_on(*dev, "stats dev_from_qa");
  ASSERT_EQ(stats["connections"].size(), 1u) << stats;
  const auto& total = stats["connections"][0]["total"];
  // The parked change and the one queued behind it: applied one by one, or the second carrying
  // the first (superseded), as the retry found them.
  EXPECT_GE(total.value("applied", 0) + total.value("superseded", 0), 2) << stats;
  EXPECT_EQ(total.value("errors", 0), 1) << stats;
  EXPECT_EQ(total.value("resolved", 0), 1) << stats;
  EXPECT_TRUE(stats["connections"][0]["averageLatencyMs"].is_number()) << stats;
  EXPECT_EQ(stats["connections"][0]["days"].size(), 1u) << "today, day by day: " << stats;
  auto qa_stats = on(*qa, "stats");
  EXPECT_NE(qa_stats.out.find("qa_to_dev: 1 issues under sync"), std::string::npos) << qa_stats.out;
  EXPECT_NE(qa_stats.out.find("changes out"), std::string::npos) << qa_stats.out;
  EXPECT_EQ(on(*qa, "stats nosuch").status, 1);
}

}  // namespace
}  // namespace twinsync::testkit
