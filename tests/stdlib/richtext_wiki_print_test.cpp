// Model -> wiki markup, one construct at a time; and what wiki cannot say is approximated.
#include <gtest/gtest.h>

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/wiki.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

// The wiki markup of ADF blocks given as JSON text.
std::string wiki(std::string_view blocks) {
  auto doc = parse_adf({{"type", "doc"}, {"version", 1}, {"content", json::parse(blocks)}});
  EXPECT_TRUE(doc.ok()) << doc.error().message();
  return doc.ok() ? print_wiki(doc.value()) : "";
}

// The wiki markup of one paragraph's inline nodes.
std::string inl(std::string_view inlines) {
  return wiki(R"([{"type":"paragraph","content":)" + std::string(inlines) + "}]");
}

TEST(WikiPrint, Headings) {
  EXPECT_EQ(wiki(R"([{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Title"}]},
                     {"type":"heading","attrs":{"level":6}}])"),
            "h2. Title\n\nh6.");
}

TEST(WikiPrint, Effects) {
  EXPECT_EQ(inl(R"([{"type":"text","text":"b","marks":[{"type":"strong"}]},{"type":"text","text":" "},
                    {"type":"text","text":"i","marks":[{"type":"em"}]},{"type":"text","text":" "},
                    {"type":"text","text":"u","marks":[{"type":"underline"}]},{"type":"text","text":" "},
                    {"type":"text","text":"s","marks":[{"type":"strike"}]},{"type":"text","text":" "},
                    {"type":"text","text":"2","marks":[{"type":"subsup","attrs":{"type":"sup"}}]},{"type":"text","text":" "},
                    {"type":"text","text":"0","marks":[{"type":"subsup","attrs":{"type":"sub"}}]},{"type":"text","text":" "},
                    {"type":"text","text":"x = 1","marks":[{"type":"code"}]}])"),
            "*b* _i_ +u+ -s- ^2^ ~0~ {{x = 1}}");
}

TEST(WikiPrint, MarksNestAndUseBracesInsideWords) {
  EXPECT_EQ(inl(R"([{"type":"text","text":"bold ","marks":[{"type":"strong"}]},
                    {"type":"text","text":"both","marks":[{"type":"strong"},{"type":"em"}]}])"),
            "*bold _both_*");
  EXPECT_EQ(inl(R"([{"type":"text","text":"un"},{"type":"text","text":"bold","marks":[{"type":"strong"}]},
                    {"type":"text","text":"ed"}])"),
            "un{*}bold{*}ed");
  EXPECT_EQ(inl(R"([{"type":"text","text":"lead ","marks":[{"type":"em"}]},{"type":"text","text":"x"}])"), "_lead {_}x");
}

TEST(WikiPrint, EscapesTextThatWouldReadAsMarkup) {
  EXPECT_EQ(inl(R"([{"type":"text","text":"a *b* [c] {d} x|y !img! -e- C:\\dir \\* &#1; ??"}])"),
            "a \\*b* \\[c\\] \\{d} x\\|y \\!img! \\-e- C:\\dir &#92;* \\&#1; \\??");
  EXPECT_EQ(inl(R"([{"type":"text","text":"well-known snake_case C++ 2*3"}])"), "well-known snake_case C++ 2*3");
  EXPECT_EQ(inl(R"([{"type":"text","text":"x*y","marks":[{"type":"strong"}]}])"), "*x*y*");
  EXPECT_EQ(inl(R"([{"type":"text","text":"x* y","marks":[{"type":"strong"}]}])"), "*x\\* y*");
}

TEST(WikiPrint, LineStartsThatWouldReadAsBlocks) {
  EXPECT_EQ(inl(R"([{"type":"text","text":"* not a list"}])"), "\\* not a list");
  EXPECT_EQ(inl(R"([{"type":"text","text":"h1. not a heading"}])"), "h1\\. not a heading");
  EXPECT_EQ(inl(R"([{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"# b"},
                    {"type":"hardBreak"},{"type":"text","text":"----"}])"),
            "a\n\\# b\n\\-\\-\\--");
  // Breaks that would leave a blank or indented line are written \\.
  EXPECT_EQ(inl(R"([{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"hardBreak"},{"type":"text","text":"b"},
                    {"type":"hardBreak"},{"type":"text","text":"  c"},{"type":"hardBreak"}])"),
            "a\\\\\\\\b\\\\  c\\\\");
}

TEST(WikiPrint, LinksMentionsCardsAndImages) {
  EXPECT_EQ(inl(R"([{"type":"text","text":"docs","marks":[{"type":"link","attrs":{"href":"https://x.io/a|b"}}]},
                    {"type":"text","text":" "},
                    {"type":"text","text":"https://x.io","marks":[{"type":"link","attrs":{"href":"https://x.io"}}]},
                    {"type":"text","text":" "},
                    {"type":"text","text":"t","marks":[{"type":"link","attrs":{"href":"https://x.io","title":"Tip"}}]}])"),
            "[docs|https://x.io/a\\|b] [https://x.io] [t|https://x.io|Tip]");
  EXPECT_EQ(inl(R"([{"type":"mention","attrs":{"id":"5b10ac8d82e05b22cc7d4ef5","text":"@Ann"}},{"type":"text","text":" "},
                    {"type":"inlineCard","attrs":{"url":"https://x.io/browse/A-1"}}])"),
            "[~accountid:5b10ac8d82e05b22cc7d4ef5] [https://x.io/browse/A-1|https://x.io/browse/A-1|smart-link]");
  EXPECT_EQ(wiki(R"([{"type":"mediaSingle","attrs":{"layout":"center"},"content":[
                      {"type":"media","attrs":{"type":"file","id":"abc","collection":"","alt":"shot.png"}}]},
                     {"type":"mediaSingle","attrs":{"layout":"center"},"content":[
                      {"type":"media","attrs":{"type":"external","url":"https://h.io/a.png"}}]}])"),
            "!shot.png!\n\n!https://h.io/a.png!");
  Node doc = parse_wiki("!a.png|thumbnail!");
  EXPECT_EQ(print_wiki(doc), "!a.png|thumbnail!");
  EXPECT_EQ(print_wiki(parse_wiki("[~jsmith]")), "[~jsmith]");
}

TEST(WikiPrint, ListsNestAndContinue) {
  EXPECT_EQ(wiki(R"([{"type":"bulletList","content":[
      {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]},
        {"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"sub"}]}]}]}]},
      {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"}]},
        {"type":"codeBlock","attrs":{"language":"sh"},"content":[{"type":"text","text":"ls"}]},
        {"type":"paragraph","content":[{"type":"text","text":"after"}]}]}]}])"),
            "* one\n*# sub\n* two\n{code:sh}\nls\n{code}\nafter");
}

TEST(WikiPrint, TaskListsBecomeCheckboxBullets) {
  EXPECT_EQ(wiki(R"([{"type":"taskList","attrs":{"localId":"l"},"content":[
      {"type":"taskItem","attrs":{"localId":"a","state":"DONE"},"content":[{"type":"text","text":"done"}]},
      {"type":"taskList","attrs":{"localId":"m"},"content":[
        {"type":"taskItem","attrs":{"localId":"b","state":"TODO"},"content":[{"type":"text","text":"todo"}]}]}]}])"),
            "* \\[x\\] done\n** \\[ \\] todo");
}

TEST(WikiPrint, CodeQuotePanelRuleTable) {
  EXPECT_EQ(wiki(R"([{"type":"codeBlock","attrs":{"language":"python"},"content":[{"type":"text","text":"print(1)\n"}]},
                     {"type":"codeBlock","content":[{"type":"text","text":"raw {code} text"}]},
                     {"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"}]}]},
                     {"type":"panel","attrs":{"panelType":"error"},"content":[{"type":"paragraph","content":[{"type":"text","text":"p"}]}]},
                     {"type":"rule"},
                     {"type":"table","content":[
                       {"type":"tableRow","content":[{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h"}]}]},
                                                     {"type":"tableHeader","content":[{"type":"paragraph"}]}]},
                       {"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a|b"}]},
                                                                                   {"type":"paragraph","content":[{"type":"text","text":"c"}]}]},
                                                     {"type":"tableCell","content":[{"type":"bulletList","content":[
                                                       {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]},
                                                       {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"y"}]}]}]}]}]}]}])"),
            "{code:python}\nprint(1)\n\n{code}\n\n{noformat}\nraw {code} text\n{noformat}\n\n{quote}\nq\n{quote}\n\n"
            "{panel:bgColor=#ffebe6}\np\n{panel}\n\n----\n\n||h|| ||\n|a\\|b\\\\c|x\\\\y|");
}

TEST(WikiPrint, WhatWikiCannotSayIsApproximated) {
  EXPECT_EQ(inl(R"([{"type":"text","text":"hi","marks":[{"type":"backgroundColor","attrs":{"color":"#fedec8"}},
                                                         {"type":"textColor","attrs":{"color":"#ff5630"}}]},
                    {"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}},
                    {"type":"status","attrs":{"text":"DONE","color":"green"}},
                    {"type":"date","attrs":{"timestamp":"1735689600000"}}])"),
            "{color:#ff5630}hi{color}😄\\[DONE\\]2025-01-01");
  EXPECT_EQ(wiki(R"([{"type":"expand","attrs":{"title":"More"},"content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]},
                     {"type":"decisionList","content":[{"type":"decisionItem","content":[{"type":"text","text":"d"}]}]}])"),
            "*More*\n\nx\n\nd");
  Node panel = make_block(NodeKind::Panel, {make_block(NodeKind::Paragraph, {make_text("x")})});
  panel.panel_type = "note";
  panel.title = "T|itle";
  EXPECT_EQ(print_wiki(make_doc({panel})), "{panel:title=T itle|bgColor=#eae6ff}\nx\n{panel}");
}

}  // namespace
}  // namespace twinsync::richtext
