// Small units of the tracker: the interim rich-text bridge, the rate limiter, time and id helpers.
#include <gtest/gtest.h>

#include "runtime/tracker/rate_limit.h"
#include "runtime/tracker/richtext_bridge.h"
#include "runtime/tracker/util.h"

namespace {

using namespace twinsync::tracker;

TEST(TrackerRichText, WikiAndAdfRoundTripLineByLine) {
  const std::string wiki = "first line\n\nthird *line*";
  const Json adf = wiki_to_adf(wiki);
  EXPECT_EQ(adf["type"], "doc");
  EXPECT_EQ(adf["version"], 1);
  ASSERT_EQ(adf["content"].size(), 3u);
  EXPECT_TRUE(adf["content"][1]["content"].empty());
  auto back = adf_to_wiki(adf);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, wiki);
  EXPECT_EQ(wiki_to_html("a<b>&\"\nc"), "<p>a&lt;b&gt;&amp;&quot;<br/>\nc</p>");
}

TEST(TrackerRichText, AdfWithNestedBlocksKeepsItsText) {
  const Json doc = Json::parse(R"({"type":"doc","version":1,"content":[
    {"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"Title"}]},
    {"type":"bulletList","content":[
      {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]},
      {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two","marks":[{"type":"strong"}]}]}]}]},
    {"type":"paragraph","content":[{"type":"text","text":"a"},{"type":"hardBreak"},{"type":"text","text":"b"},
      {"type":"mention","attrs":{"id":"x","text":"@Ann"}}]}]})");
  auto wiki = adf_to_wiki(doc);
  ASSERT_TRUE(wiki) << wiki.error().message;
  EXPECT_EQ(*wiki, "Title\none\ntwo\na\nb@Ann");
}

TEST(TrackerRichText, RefusesWhatIsNotAnAdfDocument) {
  EXPECT_FALSE(adf_to_wiki(Json("plain")));
  EXPECT_FALSE(adf_to_wiki(Json::object()));
  EXPECT_FALSE(adf_to_wiki(Json{{"type", "doc"}, {"content", 3}}));
  EXPECT_FALSE(adf_to_wiki(Json{{"type", "doc"}, {"content", {1, 2}}}));
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
  EXPECT_EQ(base64_decode("YWRtaW46c2VjcmV0"), "admin:secret");
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_EQ(base64_decode("!!!"), "");
  EXPECT_TRUE(valid_utf8("r\xc3\xa9sum\xc3\xa9"));
  EXPECT_FALSE(valid_utf8("\xff\xfe"));
}

}  // namespace
