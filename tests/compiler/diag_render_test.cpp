// Text and JSON rendering of diagnostics, and the registry read from diagnostics.def.
#include "compiler/diag/render.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

namespace twinsync {
namespace {

TEST(DiagRegistry, CodesAreUniqueAndWellFormed) {
  std::set<std::string_view> codes;
  for (DiagId id : all_diag_ids()) {
    const DiagInfo& info = diag_info(id);
    EXPECT_TRUE(codes.insert(info.code).second) << info.code;
    EXPECT_EQ(info.code.size(), 5u);
    EXPECT_EQ(info.code.substr(0, 2), "TS");
    EXPECT_FALSE(info.title.empty());
  }
}

TEST(DiagRender, TextHasPositionSnippetCaretAndHelp) {
  SourceFile f("rules.sync", "outgoing {\n  replica.sumary = issue.summary\n}\n");
  DiagnosticSink sink;
  Diagnostic& d = sink.report(DiagId::UnknownField, {21, 27}, "no field `sumary` on a replica");
  d.help = "did you mean `summary`?";
  EXPECT_EQ(render_text(f, d),
            "rules.sync:2:11: error: no field `sumary` on a replica [TS010]\n"
            " 2 |   replica.sumary = issue.summary\n"
            "   |           ^~~~~~\n"
            "  = help: did you mean `summary`?\n");
}

TEST(DiagRender, CaretAtEndOfFileForMissingToken) {
  SourceFile f("x.sync", "outgoing {");
  DiagnosticSink sink;
  sink.report(DiagId::SyntaxError, {10, 10}, "expected `}`");
  EXPECT_EQ(render_text(f, sink.all()),
            "x.sync:1:11: error: expected `}` [TS001]\n"
            " 1 | outgoing {\n"
            "   |           ^\n");
}

TEST(DiagRender, JsonCarriesTheSameFacts) {
  SourceFile f("x.sync", "a\nbb\n");
  DiagnosticSink sink;
  sink.report(DiagId::UnusedMap, {2, 4}, "map `m` is never used").notes.push_back({"declared here", Span{2, 4}});
  const auto j = nlohmann::json::parse(render_json(f, sink.all()));
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["code"], "TS031");
  EXPECT_EQ(j[0]["severity"], "warning");
  EXPECT_EQ(j[0]["line"], 2);
  EXPECT_EQ(j[0]["column"], 1);
  EXPECT_EQ(j[0]["endColumn"], 3);
  EXPECT_EQ(j[0]["notes"][0]["message"], "declared here");
}

TEST(DiagSink, SortsByPositionAndCountsSeverities) {
  DiagnosticSink sink;
  sink.report(DiagId::UnusedMap, {9, 10}, "w");
  sink.report(DiagId::SyntaxError, {1, 2}, "e");
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.warning_count(), 1u);
  EXPECT_EQ(sink.sorted().front().id, DiagId::SyntaxError);
}

}  // namespace
}  // namespace twinsync
