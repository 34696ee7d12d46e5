// The examples: every rule file lints clean, and each `eval` case under tests/examples/eval
// (a command line in NAME.case, its output in NAME.expected) gives its golden output. The cases
// run real Jira issues from the fixtures through the rules.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/golden.h"
#include "tests/support/run_twinsync.h"

namespace twinsync {
namespace {

std::vector<std::string> example_rule_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(TWINSYNC_SOURCE_DIR) + "/examples")) {
    if (e.path().extension() == ".sync") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Examples, EveryRuleFileIsLintClean) {
  const auto files = example_rule_files();
  ASSERT_GE(files.size(), 10u);
  for (const std::string& f : files) {
    auto r = testkit::run_twinsync("lint " + f);
    EXPECT_EQ(r.status, 0) << f << "\n" << r.out;
    EXPECT_EQ(r.out, "") << f;
  }
}

class ExampleEval : public ::testing::TestWithParam<std::string> {};

TEST_P(ExampleEval, MatchesGolden) {
  const std::string path = GetParam();
  std::string args = testkit::read_text(std::string(TWINSYNC_SOURCE_DIR) + "/" + path);
  while (!args.empty() && (args.back() == '\n' || args.back() == ' ')) args.pop_back();
  const std::string fixtures = TWINSYNC_FIXTURES_DIR;
  for (size_t at; (at = args.find("FIXTURES")) != std::string::npos;) args.replace(at, 8, fixtures);
  // Run from the source tree so that paths in the output are relative and stable.
  auto r = testkit::run_twinsync(args + " 2>&1");
  std::string out = "exit " + std::to_string(r.status) + "\n" + r.out;
  for (size_t at; (at = out.find(fixtures)) != std::string::npos;) out.replace(at, fixtures.size(), "FIXTURES");
  testkit::expect_golden(path.substr(0, path.size() - 5) + ".expected", out);
}

INSTANTIATE_TEST_SUITE_P(Examples, ExampleEval, ::testing::ValuesIn(testkit::files_in("tests/examples/eval", ".case")),
                         [](const auto& param_info) { return testkit::case_name(param_info.param); });

}  // namespace
}  // namespace twinsync
