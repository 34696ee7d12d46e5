// Wiki markup -> model, one construct at a time (checked through the ADF it prints as).
#include <gtest/gtest.h>

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/wiki.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

// The ADF blocks a piece of wiki markup parses to.
json blocks(std::string_view wiki) { return print_adf(parse_wiki(wiki))["content"]; }
json para(json inlines) { return {{"type", "paragraph"}, {"content", std::move(inlines)}}; }
json text(std::string s) { return {{"type", "text"}, {"text", std::move(s)}}; }
json text(std::string s, json marks) { return {{"type", "text"}, {"text", std::move(s)}, {"marks", std::move(marks)}}; }
json mark(std::string type) { return {{"type", std::move(type)}}; }
json mark(std::string type, json attrs) { return {{"type", std::move(type)}, {"attrs", std::move(attrs)}}; }
json br() { return {{"type", "hardBreak"}}; }
// One paragraph's inline content.
json inlines(std::string_view wiki) {
  json b = blocks(wiki);
  EXPECT_EQ(b.size(), 1u) << b.dump();
  return b.empty() ? json() : b[0].value("content", json::array());
}

TEST(WikiParse, Headings) {
  EXPECT_EQ(blocks("h1. Title\nh3.   Sub *bold*"),
            json::array({{{"type", "heading"}, {"attrs", {{"level", 1}}}, {"content", {text("Title")}}},
                         {{"type", "heading"}, {"attrs", {{"level", 3}}},
                          {"content", {text("Sub "), text("bold", {mark("strong")})}}}}));
  EXPECT_EQ(blocks("h7. no")[0]["type"], "paragraph");
  EXPECT_EQ(blocks("h1.no")[0]["type"], "paragraph");
}

TEST(WikiParse, Effects) {
  EXPECT_EQ(inlines("*s* _e_ +u+ -d- ^p^ ~b~ ??c??"),
            json::array({text("s", {mark("strong")}), text(" "), text("e", {mark("em")}), text(" "),
                         text("u", {mark("underline")}), text(" "), text("d", {mark("strike")}), text(" "),
                         text("p", {mark("subsup", {{"type", "sup"}})}), text(" "),
                         text("b", {mark("subsup", {{"type", "sub"}})}), text(" "), text("c", {mark("em")})}));
  EXPECT_EQ(inlines("*bold _both_ bold*"),
            json::array({text("bold ", {mark("strong")}), text("both", {mark("strong"), mark("em")}),
                         text(" bold", {mark("strong")})}));
}

TEST(WikiParse, EffectsNeedWordBoundariesUnlessBraced) {
  EXPECT_EQ(inlines("well-known and a-b-c"), json::array({text("well-known and a-b-c")}));
  EXPECT_EQ(inlines("2*3*4 and snake_case_name"), json::array({text("2*3*4 and snake_case_name")}));
  EXPECT_EQ(inlines("a * b * c"), json::array({text("a * b * c")}));
  EXPECT_EQ(inlines("un{*}bold{*}ed"), json::array({text("un"), text("bold", {mark("strong")}), text("ed")}));
  EXPECT_EQ(inlines("*not closed"), json::array({text("*not closed")}));
  EXPECT_EQ(inlines("*no\nclose*"), json::array({text("*no"), br(), text("close*")}));
}

TEST(WikiParse, Monospace) {
  EXPECT_EQ(inlines("run {{make -j2}} now"),
            json::array({text("run "), text("make -j2", {mark("code")}), text(" now")}));
  EXPECT_EQ(inlines("{{*not bold*}}"), json::array({text("*not bold*", {mark("code")})}));
  EXPECT_EQ(inlines("{{a\\}b}}"), json::array({text("a}b", {mark("code")})}));
  EXPECT_EQ(inlines("{{open"), json::array({text("{{open")}));
  EXPECT_EQ(inlines("{{a {{b}}"), json::array({text("{{a "), text("b", {mark("code")})}));
}

TEST(WikiParse, Links) {
  const json link = mark("link", {{"href", "https://x.io/a"}});
  EXPECT_EQ(inlines("see [docs|https://x.io/a]"), json::array({text("see "), text("docs", {link})}));
  EXPECT_EQ(inlines("[https://x.io/a]"), json::array({text("https://x.io/a", {link})}));
  EXPECT_EQ(inlines("[*big* docs|https://x.io/a]"),
            json::array({text("big", {link, mark("strong")}), text(" docs", {link})}));
  EXPECT_EQ(inlines("[a|https://x.io/a|Tip]"),
            json::array({text("a", {mark("link", {{"href", "https://x.io/a"}, {"title", "Tip"}})})}));
  EXPECT_EQ(inlines("[mailto:a@b.c]"), json::array({text("mailto:a@b.c", {mark("link", {{"href", "mailto:a@b.c"}})})}));
  EXPECT_EQ(inlines("[not a link] and [] [|]"), json::array({text("[not a link] and [] [|]")}));
  EXPECT_EQ(inlines("[|x]"), json::array({text("x", {mark("link", {{"href", "x"}})})}));
  EXPECT_EQ(inlines("[https://x.io/a|https://x.io/a|smart-link]"),
            json::array({{{"type", "inlineCard"}, {"attrs", {{"url", "https://x.io/a"}}}}}));
}

TEST(WikiParse, Mentions) {
  EXPECT_EQ(inlines("hi [~accountid:5b10a2844c20165700ede21g] and [~jsmith]"),
            json::array({text("hi "), {{"type", "mention"}, {"attrs", {{"id", "5b10a2844c20165700ede21g"}}}},
                         text(" and "), {{"type", "mention"}, {"attrs", {{"id", "jsmith"}}}}}));
  Node doc = parse_wiki("[~jsmith] [~accountid:x]");
  EXPECT_TRUE(doc.content[0].content[0].wiki_username);
  EXPECT_FALSE(doc.content[0].content[2].wiki_username);
}

TEST(WikiParse, Lists) {
  const json b = blocks("* one\n** one.one\n*# one.one.one\n* two\ncontinued\n# first");
  ASSERT_EQ(b.size(), 2u) << b.dump();
  EXPECT_EQ(b[0], json::parse(R"({"type":"bulletList","content":[
    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]},
      {"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one.one"}]}]}]},
      {"type":"orderedList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one.one.one"}]}]}]}]},
    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"},{"type":"hardBreak"},{"type":"text","text":"continued"}]}]}]})"));
  EXPECT_EQ(b[1]["type"], "orderedList");
}

TEST(WikiParse, ListEdgeCases) {
  EXPECT_EQ(blocks("- dash item")[0]["type"], "bulletList");
  EXPECT_EQ(blocks("*bold* not a list")[0]["type"], "paragraph");
  // A deeper item with no item before it gets an item without a paragraph.
  EXPECT_EQ(blocks("** deep")[0], json::parse(R"({"type":"bulletList","content":[{"type":"listItem","content":[
    {"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"deep"}]}]}]}]}]})"));
  // A code block right after an item belongs to it.
  EXPECT_EQ(blocks("* item\n{code}\nx\n{code}\n* next")[0]["content"][0]["content"][1]["type"], "codeBlock");
  // A blank line ends the list.
  EXPECT_EQ(blocks("* a\n\n* b").size(), 2u);
}

TEST(WikiParse, CodeAndNoformat) {
  EXPECT_EQ(blocks("{code:java}\nint x;\n  y();\n{code}"),
            json::parse(R"([{"type":"codeBlock","attrs":{"language":"java"},"content":[{"type":"text","text":"int x;\n  y();"}]}])"));
  EXPECT_EQ(blocks("{code:title=A.java|language=kotlin}\nfun f()\n{code}")[0]["attrs"]["language"], "kotlin");
  EXPECT_EQ(blocks("{code:lang=kotlin}x{code}")[0]["attrs"]["language"], "kotlin");
  EXPECT_EQ(blocks("{noformat}\n*not bold* {code}\n{noformat}"),
            json::parse(R"([{"type":"codeBlock","content":[{"type":"text","text":"*not bold* {code}"}]}])"));
  EXPECT_EQ(blocks("{code}{code}"), json::parse(R"([{"type":"codeBlock"}])"));
}

TEST(WikiParse, UnterminatedCodeRunsToTheEnd) {
  EXPECT_EQ(blocks("before\n\n{code:c}\nint main() {\n\n*x*"),
            json::parse(R"([{"type":"paragraph","content":[{"type":"text","text":"before"}]},
              {"type":"codeBlock","attrs":{"language":"c"},"content":[{"type":"text","text":"int main() {\n\n*x*"}]}])"));
  EXPECT_EQ(blocks("{code"), json::parse(R"([{"type":"paragraph","content":[{"type":"text","text":"{code"}]}])"));
}

TEST(WikiParse, QuotesAndPanels) {
  EXPECT_EQ(blocks("bq. quoted *line*"),
            json::array({{{"type", "blockquote"}, {"content", {para({text("quoted "), text("line", {mark("strong")})})}}}}));
  EXPECT_EQ(blocks("{quote}\nfirst\n\n* item\n{quote}")[0]["content"].size(), 2u);
  // The first unescaped closing tag ends it, wherever it is (as in Jira).
  EXPECT_EQ(blocks("{quote}a \\{quote} b{quote}after")[1], para({text("after")}));
  EXPECT_EQ(blocks("{quote}{code}x{quote}y{code}")[0]["content"][0]["content"][0]["text"], "x");
  const json panel = blocks("{panel:title=Heads up|bgColor=#FFFAE6}\nbody\n{panel}")[0];
  EXPECT_EQ(panel["attrs"]["panelType"], "warning");
  EXPECT_EQ(panel["content"][0], para({text("Heads up", {mark("strong")})}));
  EXPECT_EQ(panel["content"][1], para({text("body")}));
  EXPECT_EQ((blocks("{panel}x{panel}")[0]["attrs"]["panelType"]), "info");
  EXPECT_EQ(blocks("{quote}never closed\n\nh1. still inside")[0]["content"].size(), 2u);
}

TEST(WikiParse, RuleAndTable) {
  EXPECT_EQ(blocks("a\n----\nb")[1], (json{{"type", "rule"}}));
  EXPECT_EQ(blocks("||h1||h2||\n|a|[x|https://y.z]|\n| |!i.png|thumbnail!|"), json::parse(R"([{"type":"table","content":[
    {"type":"tableRow","content":[
      {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h1"}]}]},
      {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h2"}]}]}]},
    {"type":"tableRow","content":[
      {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},
      {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"https://y.z"}}]}]}]}]},
    {"type":"tableRow","content":[
      {"type":"tableCell","content":[{"type":"paragraph"}]},
      {"type":"tableCell","content":[{"type":"mediaSingle","attrs":{"layout":"center"},
        "content":[{"type":"media","attrs":{"type":"file","alt":"i.png"}}]}]}]}]}])"));
  EXPECT_EQ(blocks("|a|b\ncontinued|")[0]["content"][0]["content"][1]["content"][0]["content"],
            json::array({text("b"), br(), text("continued")}));
}

TEST(WikiParse, Images) {
  EXPECT_EQ(blocks("see !https://h.io/a.png! here"), json::parse(R"([
    {"type":"paragraph","content":[{"type":"text","text":"see"}]},
    {"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"type":"external","url":"https://h.io/a.png"}}]},
    {"type":"paragraph","content":[{"type":"text","text":"here"}]}])"));
  EXPECT_EQ(parse_wiki("!a.png|width=300!").content[0].content[0].wiki_options, "width=300");
  EXPECT_EQ(inlines("Wow! great!"), json::array({text("Wow! great!")}));
}

TEST(WikiParse, BreaksColorsAndEscapes) {
  EXPECT_EQ(inlines("a\\\\b\nc"), json::array({text("a"), br(), text("b"), br(), text("c")}));
  EXPECT_EQ(inlines("{color:red}red *bold*{color}"),
            json::array({text("red ", {mark("textColor", {{"color", "#ff0000"}})}),
                         text("bold", {mark("strong"), mark("textColor", {{"color", "#ff0000"}})})}));
  EXPECT_EQ(inlines("\\*lit\\* \\[x\\] C:\\dir &#92;* &#x263A;"), json::array({text("*lit* [x] C:\\dir \\* \u263A")}));
  EXPECT_EQ(inlines("{color:red}never closed"), json::array({text("{color:red}never closed")}));
}

TEST(WikiParse, UnknownMacrosStayText) {
  EXPECT_EQ(inlines("{status:colour=Green}done{status} {anchor:x}"),
            json::array({text("{status:colour=Green}done{status} {anchor:x}")}));
}

TEST(WikiParse, ParagraphsSplitOnBlankLines) {
  EXPECT_EQ(blocks("  one\n two  \n\n\n three").size(), 2u);
  EXPECT_EQ(blocks("one\r\ntwo\rthree")[0]["content"],
            json::array({text("one"), br(), text("two"), br(), text("three")}));
  EXPECT_EQ(blocks(""), json::array());
}

}  // namespace
}  // namespace twinsync::richtext
