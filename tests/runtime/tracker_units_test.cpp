// Small units of the tracker: the rich-text bridge and renderedFields HTML, the rate limiter, time and id helpers.
#include <gtest/gtest.h>

#include "runtime/tracker/rate_limit.h"
#include "runtime/tracker/richtext_bridge.h"
#include "runtime/tracker/util.h"

namespace {

using namespace twinsync::tracker;

TEST(TrackerRichText, WikiAndAdfGoThroughTheSharedModel) {
  const std::string wiki = "h1. Title\n\n* one\n* *two*\n\nfirst line\nsecond [link|https://example.com]";
  const Json adf = wiki_to_adf(wiki);
  EXPECT_EQ(adf["type"], "doc");
  EXPECT_EQ(adf["version"], 1);
  ASSERT_EQ(adf["content"].size(), 3u);
  EXPECT_EQ(adf["content"][0]["type"], "heading");
  EXPECT_EQ(adf["content"][1]["type"], "bulletList");
  EXPECT_EQ(adf["content"][2]["content"][1]["type"], "hardBreak");
  auto back = adf_to_wiki(adf);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, wiki);
}

TEST(TrackerRichText, AdfWithNestedBlocksKeepsItsStructure) {
  const Json doc = Json::parse(R"({"type":"doc","version":1,"content":[
    {"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"Title"}]},
    {"type":"bulletList","content":[
      {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]},
      {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two","marks":[{"type":"strong"}]}]}]}]},
    {"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b "},
      {"type":"mention","attrs":{"id":"x","text":"@Ann"}}]}]})");
  auto wiki = adf_to_wiki(doc);
  ASSERT_TRUE(wiki) << wiki.error().message;
  EXPECT_EQ(*wiki, "h1. Title\n\n* one\n* *two*\n\na\nb [~accountid:x]");
}

TEST(TrackerRichText, RefusesWhatIsNotAnAdfDocument) {
  EXPECT_FALSE(adf_to_wiki(Json("plain")));
  EXPECT_FALSE(adf_to_wiki(Json::object()));
  EXPECT_FALSE(adf_to_wiki(Json{{"type", "doc"}, {"content", 3}}));
  EXPECT_FALSE(adf_to_wiki(Json{{"type", "doc"}, {"content", {1, 2}}}));
  auto heading = adf_to_wiki(Json::parse(R"({"type":"doc","content":[{"type":"heading","attrs":{"level":9},"content":[]}]})"));
  ASSERT_FALSE(heading);
  EXPECT_NE(heading.error().message.find("/content/0"), std::string::npos) << heading.error().message;
}

TEST(TrackerRichText, RenderedHtmlIsEscapedMarkup) {
  EXPECT_EQ(wiki_to_html("a<b>&\"\nc"), "<p>a&lt;b&gt;&amp;&quot;<br/>c</p>");
  EXPECT_EQ(wiki_to_html("h2. T\n\n* *x* _y_\n# {{z}}"),
            "<h2>T</h2><ul><li><p><b>x</b> <em>y</em></p></li></ul><ol><li><p><code>z</code></p></li></ol>");
  EXPECT_EQ(wiki_to_html("[go|https://e.com/?a=1&b=2] [x|javascript:alert(1)]"),
            "<p><a href=\"https://e.com/?a=1&amp;b=2\">go</a> <span>x</span></p>");
  EXPECT_EQ(wiki_to_html("{code:js}\n<script>\n{code}"), "<pre><code>&lt;script&gt;</code></pre>");
  EXPECT_EQ(wiki_to_html("||h||\n|c|"), "<table><tr><th><p>h</p></th></tr><tr><td><p>c</p></td></tr></table>");
  EXPECT_EQ(wiki_to_html(""), "");
}

TEST(TrackerRateLimit, AllowsTheBudgetThenAsksToWait) {
  RateLimiter off;
  for (int i = 0; i < 100; ++i) EXPECT_FALSE(off.take());
  RateLimiter two(2);
  EXPECT_FALSE(two.take());
  EXPECT_FALSE(two.take());
  auto wait = two.take();
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1);
}

TEST(TrackerUtil, TimesIdsAndTokens) {
  EXPECT_EQ(jira_time(0), "1970-01-01T00:00:00.000+0000");
  EXPECT_EQ(jira_time(1'767'225'600'123), "2026-01-01T00:00:00.123+0000");
  EXPECT_TRUE(valid_date("2024-02-29"));
  EXPECT_FALSE(valid_date("2023-02-29"));
  EXPECT_FALSE(valid_date("2023-1-2"));
  EXPECT_EQ(parse_id("10000"), 10000);
  EXPECT_FALSE(parse_id("10a"));
  EXPECT_FALSE(parse_id(""));
  EXPECT_EQ(new_token().size(), 32u);
  EXPECT_NE(new_token(), new_token());
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(valid_utf8("r\xc3\xa9sum\xc3\xa9"));
  EXPECT_FALSE(valid_utf8("\xff\xfe"));
}

}  // namespace
