// The node file's tracker settings that govern what a change costs in requests, and the bounds
// of every whole-number setting (a cast of 1e300 to int would be undefined, not an error).
#include <gtest/gtest.h>

#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "runtime/node/config.h"
#include "runtime/sync/engine.h"

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
  EXPECT_EQ(c->tracker.coalesce_ms, 25);
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

std::optional<NodeConfig> with_twin_url(const std::string& url, DiagnosticSink& sink) {
  const std::string text = "node qa {\n  store \"qa.db\"\n  tracker { url \"http://127.0.0.1:8081\" }\n"
                           "  connection qa_to_dev { rules \"qa.sync\"  twinUrl \"" + url + "\" }\n}\n";
  return parse_node_config(SourceFile("qa.node", text), sink);
}

TEST(NodeConfig, TwinUrlIsAWebAddressOfTheOtherTracker) {
  DiagnosticSink sink;
  // Braces open an interpolation in the node file's strings: a template escapes them.
  auto c = with_twin_url("https://dev.example.com/browse/\\{key\\}", sink);
  ASSERT_TRUE(c) << messages(sink);
  EXPECT_FALSE(sink.has_errors()) << messages(sink);
  EXPECT_EQ(c->connections.at(0).twin_url, "https://dev.example.com/browse/{key}");
  for (const char* bad : {"javascript:alert(1)", "file:///etc/passwd", "https://dev.example.com/a b", "dev.example.com"}) {
    DiagnosticSink s;
    (void)with_twin_url(bad, s);
    EXPECT_TRUE(s.has_errors()) << bad;
    EXPECT_NE(messages(s).find("twinUrl is an http(s) URL"), std::string::npos) << messages(s);
  }
}

TEST(TwinLink, OpensTheTwinFromABaseUrlOrATemplate) {
  EXPECT_EQ(sync::twin_link_url("https://dev.example.com", "DEV-7"), "https://dev.example.com/browse/DEV-7");
  EXPECT_EQ(sync::twin_link_url("https://dev.example.com/jira/", "DEV-7"), "https://dev.example.com/jira/browse/DEV-7");
  EXPECT_EQ(sync::twin_link_url("https://x.example/issues/{key}?from=qa", "DEV-7"), "https://x.example/issues/DEV-7?from=qa");
  EXPECT_EQ(sync::twin_link_url("", "DEV-7"), "");
  EXPECT_EQ(sync::twin_link_url("https://dev.example.com", ""), "") << "no twin yet: nothing to open";
  for (const char* hostile : {"../../secure/admin", "DEV-1\" onclick=\"x", "DEV-1?x=1", "dev-1"}) {
    EXPECT_EQ(sync::twin_link_url("https://dev.example.com", hostile), "") << "a peer's key is not a path: " << hostile;
  }
}

}  // namespace
}  // namespace twinsync::node
