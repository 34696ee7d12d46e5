// `twinsync import exalate` from the outside: the rule file it writes, what it prints, its exit
// codes, and that the translated default scripts behave as Exalate's Groovy does on an issue.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/golden.h"
#include "tests/support/run_twinsync.h"
#include "tests/support/temp_dir.h"

namespace {

using twinsync::testkit::CommandResult;
using twinsync::testkit::read_text;
using twinsync::testkit::run_twinsync;
using twinsync::testkit::TempDir;

const std::string kCases = std::string(TWINSYNC_SOURCE_DIR) + "/tests/import/exalate/";
const std::string kEval = std::string(TWINSYNC_SOURCE_DIR) + "/tests/examples/eval/";

std::string import_args(const std::string& name, const std::string& out) {
  return "import exalate --outgoing " + kCases + name + ".outgoing.groovy --incoming " + kCases + name +
         ".incoming.groovy -o " + out;
}

TEST(ImportCli, DefaultScriptsTranslateWholeAndLintClean) {
  TempDir dir;
  const std::string out = dir.file("rules.sync");
  CommandResult r = run_twinsync(import_args("default", out));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "");
  const std::string text = read_text(out);
  EXPECT_NE(text.find("issue.type = localType(replica.type) ?? \"Task\""), std::string::npos) << text;
  CommandResult lint = run_twinsync("lint " + out);
  EXPECT_EQ(lint.status, 0) << lint.out;
  EXPECT_EQ(lint.out, "");
}

TEST(ImportCli, UntranslatedLinesExitOneAndAreNamedLikeCompilerErrors) {
  TempDir dir;
  const std::string out = dir.file("rules.sync");
  CommandResult r = run_twinsync(import_args("fail_untranslated", out));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find(kCases + "fail_untranslated.outgoing.groovy:3:1: error: Exalate's field `watchers` has no "
                                "counterpart in the rule language [TS061]"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("6 statements left untranslated, as comments marked `untranslated` in " + out), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("6 errors, 0 warnings"), std::string::npos) << r.out;
  const std::string text = read_text(out);
  EXPECT_NE(text.find("  // untranslated (" + kCases + "fail_untranslated.outgoing.groovy:3:1): replica.watchers = "
                      "issue.watchers\n"),
            std::string::npos) << text;
  // What did translate is still there, and the file lints: the comments are only comments.
  EXPECT_NE(text.find("  replica.labels = issue.labels\n"), std::string::npos) << text;
  EXPECT_EQ(run_twinsync("lint " + out).status, 0);
}

TEST(ImportCli, LintErrorsInTheResultExitOne) {
  TempDir dir;
  std::ofstream(dir.file("in.groovy")) << "issue.summary = replica.summary\n";  // no project on a first sync
  CommandResult r = run_twinsync("import exalate --incoming " + dir.file("in.groovy") + " -o " + dir.file("r.sync"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find(dir.file("r.sync") + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[TS042]"), std::string::npos) << r.out;
}

TEST(ImportCli, WithoutOutputTheRuleFileGoesToStdout) {
  CommandResult r = run_twinsync("import exalate --outgoing " + kCases + "default.outgoing.groovy 2>/dev/null");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("outgoing {\n  replica.key         = issue.key\n"), std::string::npos) << r.out;
}

// With the site's field list, a custom field's type is the site's, not a guess.
TEST(ImportCli, FieldsGiveCustomFieldTypes) {
  TempDir dir;
  std::ofstream(dir.file("fields.json"))
      << R"([{"id": "customfield_10100", "name": "Team", "custom": true, "schema": {"type": "number"}}])";
  std::ofstream(dir.file("out.groovy")) << "replica.customFields.\"Team\" = issue.customFields.\"Team\"\n";
  CommandResult r = run_twinsync("import exalate --outgoing " + dir.file("out.groovy") + " --fields " +
                                 dir.file("fields.json") + " -o " + dir.file("r.sync"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(read_text(dir.file("r.sync")).find("custom \"Team\": number\n"), std::string::npos);
  // Without it, a warning says the type was guessed; a warning alone still exits 0.
  r = run_twinsync("import exalate --outgoing " + dir.file("out.groovy") + " -o " + dir.file("r.sync"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("warning: the type of custom field \"Team\" is not known; it is declared `text` [TS062]"),
            std::string::npos) << r.out;
}

TEST(ImportCli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_twinsync("import exalate -o x.sync").status, 2);
  EXPECT_EQ(run_twinsync("import exalate --outgoing /nonexistent/out.groovy").status, 2);
  EXPECT_EQ(run_twinsync("import").status, 2);
  TempDir dir;
  std::ofstream(dir.file("in.groovy")) << "issue.summary = replica.summary\n";
  EXPECT_EQ(run_twinsync("import exalate --incoming " + dir.file("in.groovy") + " -o " + dir.file("in.groovy")).status, 2);
  EXPECT_EQ(read_text(dir.file("in.groovy")), "issue.summary = replica.summary\n");
}

TEST(ImportCli, HelpListsIt) {
  EXPECT_NE(run_twinsync("help").out.find("import"), std::string::npos);
  CommandResult r = run_twinsync("help import");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("exalate"), std::string::npos) << r.out;
}

nlohmann::json eval_json(const std::string& args) {
  CommandResult r = run_twinsync("eval " + args + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  return nlohmann::json::parse(r.out, nullptr, false);
}

// Exalate's default scripts on QA's bug: what the Groovy would send and create, field by field.
TEST(ImportCli, TranslatedDefaultsDoWhatTheGroovyDoes) {
  TempDir dir;
  const std::string rules = dir.file("rules.sync");
  ASSERT_EQ(run_twinsync(import_args("default", rules)).status, 0);

  // Outgoing: replica.x = issue.x for each field the script names; nothing else leaves.
  const auto out = eval_json(rules + " --block outgoing --issue " + kEval + "qa_replica.json");
  const auto& replica = out["replica"];
  EXPECT_EQ(replica["key"], "QA-12");
  EXPECT_EQ(replica["summary"], "Checkout button does nothing");
  EXPECT_EQ(replica["type"], "Bug");
  EXPECT_EQ(replica["priority"], "High");
  EXPECT_EQ(replica["labels"], nlohmann::json::array({"mobile"}));
  EXPECT_EQ(replica["reporter"]["email"], "ann@qa.example");
  EXPECT_EQ(replica["comments"].size(), 1u);
  EXPECT_EQ(replica["attachments"][0]["filename"], "screen.png");

  // Incoming, first sync: the project the script names, the type found locally (or Task), and
  // summary, description, labels, comments and attachments from the replica.
  const auto in = eval_json(rules + " --block incoming --first-sync --issue " + kEval + "empty_issue.json --replica " +
                            kEval + "qa_replica.json");
  const auto& changes = in["changes"];
  EXPECT_EQ(changes["project"]["to"], "DEV");
  EXPECT_EQ(changes["type"]["to"], "Bug");
  EXPECT_EQ(changes["summary"]["to"], "Checkout button does nothing");
  EXPECT_EQ(changes["labels"]["to"], nlohmann::json::array({"mobile"}));
  EXPECT_EQ(changes["comments"]["to"][0]["body"], "Seen on iOS too");
  EXPECT_EQ(changes["attachments"]["to"][0]["filename"], "screen.png");
  EXPECT_FALSE(changes.contains("priority")) << "the default incoming script does not set the priority";
  EXPECT_FALSE(changes.contains("reporter"));
}

// The documentation's status map: the other side's Done arrives as Resolved, anything unmapped as
// the script's default.
TEST(ImportCli, TranslatedStatusMapMapsAsTheGroovyDoes) {
  TempDir dir;
  const std::string rules = dir.file("rules.sync");
  CommandResult r = run_twinsync(import_args("status_map", rules));
  ASSERT_EQ(r.status, 0) << r.out;
  std::ofstream(dir.file("done.json")) << R"({"key": "DEV-1", "status": "Done", "priority": "P1"})";
  std::ofstream(dir.file("review.json")) << R"({"key": "DEV-1", "status": "Code Review", "priority": "P7"})";
  std::ofstream(dir.file("local.json")) << R"({"key": "QA-1", "status": "Open", "priority": "Low"})";
  const auto done = eval_json(rules + " --block incoming --issue " + dir.file("local.json") + " --previous " +
                              dir.file("done.json") + " --replica " + dir.file("done.json"));
  EXPECT_EQ(done["changes"]["status"]["to"], "Resolved") << done.dump();
  EXPECT_EQ(done["changes"]["priority"]["to"], "Highest") << done.dump();
  // statusMap["Code Review"] is null: the last line's fallback is the remote name itself.
  const auto review = eval_json(rules + " --block incoming --issue " + dir.file("local.json") + " --previous " +
                                dir.file("review.json") + " --replica " + dir.file("review.json"));
  EXPECT_EQ(review["changes"]["status"]["to"], "Code Review") << review.dump();
  EXPECT_EQ(review["changes"]["priority"]["to"], nullptr) << review.dump();
  // Outgoing: this side's Low has no outgoing entry: it leaves as the script's default, P3.
  const auto out = eval_json(rules + " --block outgoing --issue " + dir.file("local.json"));
  EXPECT_EQ(out["replica"]["priority"], "P3") << out.dump();
}

}  // namespace
