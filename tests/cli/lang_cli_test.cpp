// The language commands from the outside: lint (text and JSON, exit codes), compile, disasm
// and eval, as an admin or a CI job runs them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/golden.h"
#include "tests/support/run_twinsync.h"

namespace {

using twinsync::testkit::CommandResult;
using twinsync::testkit::run_twinsync;

const std::string kLang = std::string(TWINSYNC_SOURCE_DIR) + "/tests/lang/";
const std::string kExamples = std::string(TWINSYNC_SOURCE_DIR) + "/examples/";

TEST(LintCli, CleanFileExitsZero) {
  CommandResult r = run_twinsync("lint " + kExamples + "design_sketch.sync");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "");
}

TEST(LintCli, ErrorsExitOneWithCompilerStyleOutput) {
  CommandResult r = run_twinsync("lint " + kLang + "diagnostics/unknown_field.sync");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("unknown_field.sync:2:11: error: no field `sumary` on an issue [TS010]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 errors, 0 warnings"), std::string::npos) << r.out;
}

// Everything lint prints, in order, from the source lines to the count at the end; the path is
// made relative so the golden holds in any checkout.
TEST(LintCli, TheWholeOutputIsTheGolden) {
  CommandResult r = run_twinsync("lint " + kLang + "diagnostics/unknown_field.sync " + kLang + "diagnostics/unused_map.sync");
  EXPECT_EQ(r.status, 1);
  std::string out = r.out;
  for (size_t at; (at = out.find(kLang)) != std::string::npos;) out.replace(at, kLang.size(), "tests/lang/");
  twinsync::testkit::expect_golden("tests/lang/cli/lint_two_files.out", out);
}

TEST(LintCli, WarningsAloneExitZero) {
  EXPECT_EQ(run_twinsync("lint " + kLang + "diagnostics/unused_map.sync").status, 0);
}

TEST(LintCli, JsonFormatForEditorsAndCi) {
  CommandResult r = run_twinsync("lint --format json " + kLang + "diagnostics/unknown_field.sync " + kLang +
                                 "diagnostics/unused_map.sync 2>/dev/null");
  EXPECT_EQ(r.status, 1);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 4u);
  EXPECT_EQ(j[0]["code"], "TS010");
  EXPECT_EQ(j[0]["line"], 2);
  EXPECT_EQ(j[0]["help"], "did you mean `summary`?");
  EXPECT_EQ(j[3]["severity"], "warning");
}

TEST(LintCli, MissingFileIsAnEnvironmentError) {
  CommandResult r = run_twinsync("lint /nonexistent/rules.sync");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("/nonexistent/rules.sync"), std::string::npos);
}

TEST(CompileCli, WritesBytecodeThatDisasmReads) {
  const std::string out = ::testing::TempDir() + "sketch.tsb";
  CommandResult c = run_twinsync("compile " + kExamples + "design_sketch.sync -o " + out);
  ASSERT_EQ(c.status, 0) << c.out;
  CommandResult d = run_twinsync("disasm " + out);
  EXPECT_EQ(d.status, 0);
  EXPECT_NE(d.out.find("; twinsync bytecode format 1"), std::string::npos);
  EXPECT_NE(d.out.find("map.get         statusMap in"), std::string::npos) << d.out;
}

TEST(CompileCli, ErrorsWriteNothing) {
  const std::string out = ::testing::TempDir() + "bad.tsb";
  std::remove(out.c_str());
  CommandResult c = run_twinsync("compile " + kLang + "diagnostics/type_mismatch.sync -o " + out);
  EXPECT_EQ(c.status, 1);
  EXPECT_EQ(std::fopen(out.c_str(), "r"), nullptr);
}

TEST(CompileCli, ForeignBytecodeIsAnInputError) {
  CommandResult d = run_twinsync("disasm " + kLang + "diagnostics/no_rules.expected");
  // Not bytecode, so it is compiled as a rule file, which it is not either.
  EXPECT_EQ(d.status, 1);
}

TEST(EvalCli, OutgoingPrintsTheReplica) {
  const std::string issue = ::testing::TempDir() + "issue.json";
  FILE* f = std::fopen(issue.c_str(), "w");
  std::fputs(R"({"key": "QA-1", "summary": "Crash", "status": "Resolved", "labels": ["sync"],
    "comments": [{"id": "1", "body": "hi"}, {"id": "2", "body": "psst", "internal": true}],
    "custom": {"Story Points": 3}})", f);
  std::fclose(f);
  CommandResult r = run_twinsync("eval " + kExamples + "design_sketch.sync --block outgoing --issue " + issue + " 2>/dev/null");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["outcome"], "done");
  EXPECT_EQ(j["replica"]["status"], "Resolved");
  EXPECT_EQ(j["replica"]["comments"].size(), 1u);
  EXPECT_EQ(j["replica"]["custom"]["Story Points"], 3);
}

TEST(EvalCli, IncomingErrorNamesTheRuleLine) {
  const std::string issue = ::testing::TempDir() + "local.json";
  const std::string replica = ::testing::TempDir() + "replica.json";
  FILE* f = std::fopen(issue.c_str(), "w");
  std::fputs(R"({"key": "UD-1", "project": "UD", "status": "Open"})", f);
  std::fclose(f);
  f = std::fopen(replica.c_str(), "w");
  std::fputs(R"({"key": "QA-1", "summary": "Crash", "status": "To Do", "priority": "Unknown"})", f);
  std::fclose(f);
  CommandResult r = run_twinsync("eval " + kExamples + "design_sketch.sync --block incoming --issue " + issue +
                                 " --replica " + replica + " --previous " + replica);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("design_sketch.sync:28:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no priority for Unknown"), std::string::npos) << r.out;
}

}  // namespace
