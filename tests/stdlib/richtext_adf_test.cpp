// ADF <-> model: every fixture round-trips losslessly; malformed input is refused with a pointer.
#include "stdlib/richtext/adf.h"

#include <gtest/gtest.h>

#include "tests/stdlib/richtext_fixtures.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

class AdfFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(AdfFixture, RoundTripsToAnEqualDocument) {
  const json adf = testkit::load_adf_fixture(GetParam());
  ASSERT_FALSE(adf.is_null()) << "no ADF document in " << GetParam();
  auto doc = parse_adf(adf);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const json back = print_adf(doc.value());
  EXPECT_EQ(back, adf) << "diff: " << json::diff(adf, back).dump(2);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, AdfFixture, ::testing::ValuesIn(testkit::adf_fixture_files()),
                         [](const auto& p) { return testkit::case_name(p.param); });

TEST(AdfFixtures, AreFound) { EXPECT_GE(testkit::adf_fixture_files().size(), 26u); }

}  // namespace
}  // namespace twinsync::richtext

namespace twinsync::richtext {
namespace {

using nlohmann::json;

json doc_of(json blocks) { return {{"type", "doc"}, {"version", 1}, {"content", std::move(blocks)}}; }

Error error_of(const json& adf) {
  auto r = parse_adf(adf);
  EXPECT_FALSE(r.ok()) << adf.dump();
  return r.ok() ? Error{} : r.error();
}

TEST(AdfParse, ReadsInterpretedAttributesIntoTheModel) {
  auto doc = parse_adf(doc_of(json::parse(R"([
    {"type":"heading","attrs":{"level":3},"content":[{"type":"text","text":"Title"}]},
    {"type":"orderedList","attrs":{"order":4},"content":[{"type":"listItem","content":[
      {"type":"paragraph","content":[{"type":"text","text":"x","marks":[
        {"type":"link","attrs":{"href":"https://a.b","title":"T"}},{"type":"subsup","attrs":{"type":"sup"}}]}]}]}]},
    {"type":"codeBlock","attrs":{"language":"cpp"},"content":[{"type":"text","text":"int x;"}]},
    {"type":"paragraph","content":[
      {"type":"mention","attrs":{"id":"557058:abc","text":"@Ann"}},
      {"type":"status","attrs":{"text":"DONE","color":"green"}},
      {"type":"date","attrs":{"timestamp":"1700000000000"}}]}
  ])")));
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const Node& d = doc.value();
  ASSERT_EQ(d.content.size(), 4u);
  EXPECT_EQ(d.content[0].kind, NodeKind::Heading);
  EXPECT_EQ(d.content[0].level, 3);
  EXPECT_EQ(d.content[1].order, 4);
  const Node& x = d.content[1].content[0].content[0].content[0];
  ASSERT_EQ(x.marks.size(), 2u);
  EXPECT_EQ(x.marks[0].href, "https://a.b");
  EXPECT_EQ(x.marks[0].title, "T");
  EXPECT_EQ(x.marks[1].value, "sup");
  EXPECT_EQ(d.content[2].language, "cpp");
  const Node& p = d.content[3];
  EXPECT_EQ(p.content[0].id, "557058:abc");
  EXPECT_EQ(p.content[0].label, "@Ann");
  EXPECT_EQ(p.content[1].label, "DONE");
  EXPECT_EQ(p.content[1].color, "green");
  EXPECT_EQ(p.content[2].timestamp, "1700000000000");
}

TEST(AdfParse, KeepsUnknownNodesMarksAndAttributesAsRawJson) {
  const json adf = doc_of(json::parse(R"([
    {"type":"layoutSection","content":[{"type":"layoutColumn","attrs":{"width":50},"content":[]}]},
    {"type":"paragraph","attrs":{"localId":"p1","future":{"x":[1,2]}},"marks":[{"type":"alignment","attrs":{"align":"center"}}],
     "content":[{"type":"text","text":"a","marks":[{"type":"fancy","attrs":{"q":1}},{"type":"strong","extra":true}]},
                {"type":"placeholder","attrs":{"text":"type here"}}]},
    {"type":"paragraph","content":[],"marks":[]},
    {"type":"paragraph","attrs":{}},
    {"type":"codeBlock","attrs":{"language":null}}
  ])"));
  auto doc = parse_adf(adf);
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ(doc.value().content[0].kind, NodeKind::Raw);
  EXPECT_EQ(doc.value().content[1].content[0].marks[0].kind, MarkKind::Raw);
  EXPECT_EQ(doc.value().content[1].content[1].kind, NodeKind::Raw);
  EXPECT_FALSE(doc.value().content[4].language.has_value());
  EXPECT_EQ(print_adf(doc.value()), adf);
}

TEST(AdfParse, RefusesMalformedInputWithAPointer) {
  EXPECT_EQ(error_of(json::array()).where, "");
  EXPECT_EQ(error_of(json{{"type", "paragraph"}}).where, "/type");
  EXPECT_EQ(error_of({{"type", "doc"}, {"version", 1}}).what, "`doc` node has no content");
  EXPECT_EQ(error_of(doc_of(json::object())).where, "/content");
  EXPECT_EQ(error_of(doc_of({42})).where, "/content/0");
  EXPECT_EQ(error_of(doc_of({{{"type", 7}}})).where, "/content/0/type");
  EXPECT_EQ(error_of(doc_of({{{"content", json::array()}}})).what, "node has no `type`");
  EXPECT_EQ(error_of(doc_of({{{"type", "bulletList"}}})).where, "/content/0");
  EXPECT_EQ(error_of(doc_of({{{"type", "paragraph"}, {"content", "text"}}})).where,
            "/content/0/content");
  EXPECT_EQ(error_of(doc_of({{{"type", "paragraph"}, {"attrs", json::array()}}})).where,
            "/content/0/attrs");
  EXPECT_EQ(error_of(doc_of({{{"type", "heading"}, {"attrs", {{"level", 9}}}}})).where,
            "/content/0/attrs/level");
  EXPECT_EQ(error_of(doc_of({{{"type", "heading"}, {"attrs", {{"level", "2"}}}}})).what,
            "heading level must be an integer from 1 to 6");
  EXPECT_EQ(error_of(doc_of({{{"type", "heading"}}})).where, "/content/0");
  EXPECT_EQ(error_of(doc_of({{{"type", "paragraph"}, {"content", {{{"type", "text"}}}}}})).where,
            "/content/0/content/0/text");
  EXPECT_EQ(error_of(doc_of({{{"type", "paragraph"},
                              {"content", {{{"type", "text"}, {"text", "a"}, {"marks", {{{"type", "link"}}}}}}}}}))
                .where,
            "/content/0/content/0/marks/0");
  EXPECT_EQ(error_of(doc_of({{{"type", "paragraph"},
                              {"content", {{{"type", "text"}, {"text", "a"}, {"marks", {1}}}}}}}))
                .where,
            "/content/0/content/0/marks/0");
  EXPECT_EQ(error_of(doc_of({{{"type", "mention"}, {"attrs", {{"id", 5}}}}})).where,
            "/content/0/attrs/id");
  EXPECT_EQ(error_of(doc_of({{{"type", "panel"}, {"attrs", json::object()}, {"content", json::array()}}})).what,
            "missing attribute `panelType`");
}

// Built through a pointer to the innermost level: initializer lists would copy (and recurse).
json nested_quotes(int depth) {
  json doc = doc_of(json::array());
  json* content = &doc["content"];
  for (int i = 0; i < depth; ++i) {
    content->push_back({{"type", "blockquote"}, {"content", json::array()}});
    content = &(*content)[0]["content"];
  }
  content->push_back({{"type", "paragraph"}});
  return doc;
}

TEST(AdfParse, AcceptsDepthUpToTheLimitAndRefusesBeyond) {
  EXPECT_TRUE(parse_adf(nested_quotes(kMaxDepth - 1)).ok());
  const Error e = error_of(nested_quotes(kMaxDepth + 1));
  EXPECT_NE(e.what.find("deeper than"), std::string::npos) << e.message();
}

TEST(AdfParse, SurvivesADepthBombOfAHundredThousandLevels) {
  // Built and torn down without recursion: nlohmann::json destroys values iteratively.
  json adf = doc_of({{{"type", "mystery"}, {"attrs", {{"payload", json::array()}}}}});
  json* level = &adf["content"][0]["attrs"]["payload"];
  for (int i = 0; i < 100000; ++i) {
    level->push_back(json::array());
    level = &(*level)[0];
  }
  const Error e = error_of(adf);
  EXPECT_EQ(e.where.rfind("/content/0/attrs/payload/0/0", 0), 0u) << e.where.substr(0, 80);

  json text = json::parse(std::string(100000, '[') + std::string(100000, ']'), nullptr, false);
  EXPECT_FALSE(parse_adf(text).ok());
  EXPECT_FALSE(parse_adf(nested_quotes(100000)).ok());
}

TEST(AdfPrint, WritesVersionAndRequiredAttributesForBuiltDocuments) {
  Node list = make_block(NodeKind::OrderedList,
                         {make_block(NodeKind::ListItem, {make_block(NodeKind::Paragraph, {make_text("a")})})});
  const json j = print_adf(make_doc({make_heading(2, {make_text("H")}), list}));
  EXPECT_EQ(j, json::parse(R"({"type":"doc","version":1,"content":[
    {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"H"}]},
    {"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]}]}]})"));
}

}  // namespace
}  // namespace twinsync::richtext
