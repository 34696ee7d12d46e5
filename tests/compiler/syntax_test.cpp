// Syntax of .sync files and JQL queries: valid files parse clean, broken ones report every error.
#include "compiler/parse/parse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "compiler/diag/render.h"

namespace twinsync::parse {
namespace {

bool check_sync_syntax(const SourceFile& f, DiagnosticSink& sink) {
  parse_sync(f, sink);
  return !sink.has_errors();
}

bool check_jql_syntax(const SourceFile& f, Span span, DiagnosticSink& sink) {
  return parse_jql(f, span, sink).has_value();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SyncSyntax, DesignSketchParses) {
  SourceFile f("design_sketch.sync", read_file(std::string(TWINSYNC_SOURCE_DIR) + "/examples/design_sketch.sync"));
  ASSERT_FALSE(f.text().empty());
  DiagnosticSink sink;
  EXPECT_TRUE(check_sync_syntax(f, sink)) << render_text(f, sink.sorted());
}

TEST(SyncSyntax, ReportsEveryErrorNotOnlyTheFirst) {
  SourceFile f("bad.sync",
               "outgoing {\n"
               "  replica.summary = = issue.summary\n"
               "  replica.labels = issue.labels +\n"
               "}\n"
               "incoming { issue.summary = ) }\n");
  DiagnosticSink sink;
  EXPECT_FALSE(check_sync_syntax(f, sink));
  EXPECT_GE(sink.error_count(), 3u) << render_text(f, sink.sorted());
}

TEST(SyncSyntax, StrayClosingBraceIsAnErrorNotACrash) {
  SourceFile f("brace.sync", "}}} outgoing { } }");
  DiagnosticSink sink;
  EXPECT_FALSE(check_sync_syntax(f, sink));
}

TEST(SyncSyntax, InterpolationNestsStringsAndBraces) {
  SourceFile f("interp.sync", "incoming { issue.summary = \"[{replica.key}] {m[\"a\"] ?? \"b\"}\" }\n");
  DiagnosticSink sink;
  EXPECT_TRUE(check_sync_syntax(f, sink)) << render_text(f, sink.sorted());
}

TEST(SyncSyntax, TriggerFilterEndsAtLineBreakNoteOrBrace) {
  SourceFile f("t.sync",
               "trigger a on issue where project = QA AND labels in (x,\n  y) note \"n\"\n"
               "trigger b on issue where status != Done inactive\n"
               "trigger c on issue where priority >= High\n"
               "map m { \"a\" -> \"b\" }\n");
  DiagnosticSink sink;
  EXPECT_TRUE(check_sync_syntax(f, sink)) << render_text(f, sink.sorted());
}

TEST(JqlSyntax, ReportsErrorsAtTheirOffsetInTheFile) {
  SourceFile f("q.sync", "xxxxxproject = ");
  DiagnosticSink sink;
  EXPECT_FALSE(check_jql_syntax(f, {5, 15}, sink));
  ASSERT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.all()[0].code(), "TS050");
  EXPECT_EQ(sink.all()[0].span.begin, 15u);
}

}  // namespace
}  // namespace twinsync::parse

namespace twinsync::parse {
namespace {

TEST(SyncLimits, DeepNestingIsAnErrorNotAStackOverflow) {
  for (const char* open : {"(", "[", "not ", "-", "\"{"}) {
    std::string deep = "outgoing { replica.summary = ";
    for (int i = 0; i < 100000; ++i) deep += open;
    SourceFile f("deep.sync", deep);
    DiagnosticSink sink;
    parse_sync(f, sink);
    EXPECT_TRUE(sink.has_errors()) << open;
  }
}

TEST(SyncLimits, LongOperatorChainsAreAnError) {
  std::string chain = "outgoing { replica.summary = issue.summary";
  for (int i = 0; i < 50000; ++i) chain += " + issue.summary";
  chain += " }";
  SourceFile f("chain.sync", chain);
  DiagnosticSink sink;
  parse_sync(f, sink);
  ASSERT_TRUE(sink.has_errors());
  EXPECT_NE(sink.all()[0].message.find("longer than"), std::string::npos);
}

TEST(JqlLimits, DeepAndLongFiltersAreErrors) {
  std::string deep(100000, '(');
  std::string chain = "a = 1";
  for (int i = 0; i < 50000; ++i) chain += " AND a = 1";
  for (const std::string& q : {deep, chain}) {
    SourceFile f("q", q);
    DiagnosticSink sink;
    EXPECT_FALSE(parse_jql(f, {0, static_cast<uint32_t>(q.size())}, sink));
  }
}

}  // namespace
}  // namespace twinsync::parse
