// The node file's tracker settings that govern what a change costs in requests, and the bounds
// of every whole-number setting (a cast of 1e300 to int would be undefined, not an error).
#include <gtest/gtest.h>

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "runtime/node/config.h"

namespace twinsync::node {
namespace {

std::optional<NodeConfig> parse(const std::string& tracker_settings, DiagnosticSink& sink,
                                const std::string& node_settings = "") {
  const std::string text = "node qa {\n  store \"qa.db\"\n" + node_settings + "  tracker {\n    url \"http://127.0.0.1:8081\"\n" +
                           tracker_settings + "  }\n  connection qa_to_dev { rules \"qa.sync\" }\n}\n";
  return parse_node_config(SourceFile("qa.node", text), sink);
}

std::string messages(const DiagnosticSink& sink) {
  std::string out;
  for (const Diagnostic& d : sink.all()) out += d.message + "\n";
  return out;
}

TEST(NodeConfig, CostSettingsHaveSafeDefaults) {
  DiagnosticSink sink;
  auto c = parse("", sink);
  ASSERT_TRUE(c) << messages(sink);
  EXPECT_EQ(c->tracker.coalesce_ms, 100);
  EXPECT_FALSE(c->tracker.dedicated_account);  // a person's own account stays fully read
}

TEST(NodeConfig, CostSettingsAreRead) {
  DiagnosticSink sink;
  auto c = parse("    coalesceMs 250\n    dedicatedAccount true\n", sink);
  ASSERT_TRUE(c) << messages(sink);
  EXPECT_FALSE(sink.has_errors()) << messages(sink);
  EXPECT_EQ(c->tracker.coalesce_ms, 250);
  EXPECT_TRUE(c->tracker.dedicated_account);
}

TEST(NodeConfig, WholeNumbersOutOfRangeAreNamedErrors) {
  for (const char* bad : {"    coalesceMs 1e300\n", "    coalesceMs -1\n", "    poll 2.5\n", "    api 7\n"}) {
    DiagnosticSink sink;
    (void)parse(std::string(bad), sink);
    ASSERT_TRUE(sink.has_errors()) << bad;
    EXPECT_NE(messages(sink).find("takes a whole number from"), std::string::npos) << messages(sink);
  }
  for (const char* bad : {"  workers 0\n", "  workers 1e12\n", "  retentionDays -3\n", "  backlogAlert 1e300\n"}) {
    DiagnosticSink sink;
    (void)parse("", sink, bad);
    ASSERT_TRUE(sink.has_errors()) << bad;
    EXPECT_NE(messages(sink).find("takes a whole number from"), std::string::npos) << messages(sink);
  }
}

}  // namespace
}  // namespace twinsync::node
