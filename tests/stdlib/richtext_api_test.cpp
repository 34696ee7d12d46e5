// The convenience conversions, plain text, and hostile input: never a crash, never a throw.
#include <chrono>
#include <cstdlib>
#include <iostream>

#include <gtest/gtest.h>

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/richtext.h"
#include "stdlib/richtext/plain.h"
#include "stdlib/richtext/wiki.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

TEST(RichtextApi, ConvertsBetweenAdfWikiAndPlain) {
  const json adf = wiki_to_adf("h1. Hi\n\nSee *this*");
  EXPECT_EQ(adf["type"], "doc");
  EXPECT_EQ(adf["version"], 1);
  auto wiki = adf_to_wiki(adf);
  ASSERT_TRUE(wiki.ok());
  EXPECT_EQ(wiki.value(), "h1. Hi\n\nSee *this*");
  EXPECT_EQ(adf_to_plain(adf).value(), "Hi\n\nSee this");
  EXPECT_EQ(wiki_to_plain("[Docs|https://d.io] and [https://d.io] by [~accountid:abc]"),
            "Docs (https://d.io) and https://d.io by @abc");
}

TEST(RichtextApi, ReportsMalformedAdfAsAnError) {
  auto r = adf_to_wiki(json::parse(R"({"type":"doc","version":1,"content":[{"type":"heading","attrs":{"level":"x"}}]})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "/content/0/attrs/level: heading level must be an integer from 1 to 6");
  EXPECT_FALSE(adf_to_plain("just a string").ok());
  EXPECT_EQ(adf_to_plain(json()).error().message(), "/: expected an ADF document object, found null");
}

TEST(PlainText, ReadsLikeTheDocument) {
  EXPECT_EQ(wiki_to_plain("* a\n** b\n# one\n# two\n\n||h1||h2||\n|x|y|\n\nbq. said\n\n{code}\nint x;\n{code}"),
            "- a\n  - b\n\n1. one\n2. two\n\nh1\th2\nx\ty\n\n> said\n\nint x;");
  auto plain = adf_to_plain(json::parse(R"({"type":"doc","version":1,"content":[
    {"type":"orderedList","attrs":{"order":3},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]}]},
    {"type":"taskList","attrs":{"localId":"t"},"content":[{"type":"taskItem","attrs":{"localId":"i","state":"DONE"},"content":[{"type":"text","text":"done"}]}]},
    {"type":"paragraph","content":[{"type":"mention","attrs":{"id":"x","text":"@Ann Lee"}},{"type":"text","text":" "},
      {"type":"emoji","attrs":{"shortName":":smile:"}},{"type":"text","text":" "},{"type":"status","attrs":{"text":"DONE","color":"green"}},
      {"type":"text","text":" "},{"type":"date","attrs":{"timestamp":"0"}},{"type":"hardBreak"},
      {"type":"text","text":"lin"},{"type":"text","text":"k","marks":[{"type":"strong"},{"type":"link","attrs":{"href":"https://l.io"}}]}]},
    {"type":"mediaSingle","attrs":{"layout":"center"},"content":[{"type":"media","attrs":{"type":"file","id":"1","collection":"","alt":"pic.png"}}]},
    {"type":"expand","attrs":{"title":"More"},"content":[{"type":"paragraph","content":[{"type":"text","text":"hidden"}]}]},
    {"type":"rule"}]})"));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain.value(), "3. c\n\n[x] done\n\n@Ann Lee :smile: DONE 1970-01-01\nlink (https://l.io)\n\npic.png\n\nMore\nhidden\n\n----");
}

// Linear work on these inputs takes well under a second (optimised) or tens of seconds (under
// the sanitizers); quadratic work would take hours, so the budget only has to tell the two apart.
#if defined(__SANITIZE_ADDRESS__)
constexpr auto kBudget = std::chrono::seconds(240);
#else
constexpr auto kBudget = std::chrono::seconds(20);
#endif

// Every hostile input must finish in time, give a document, and print.
void survives(const std::string& wiki) {
  const auto start = std::chrono::steady_clock::now();
  Node doc = parse_wiki(wiki);
  EXPECT_EQ(doc.kind, NodeKind::Doc);
  const json adf = print_adf(doc);
  auto reread = parse_adf(adf);
  EXPECT_TRUE(reread.ok()) << "the ADF of any wiki is within the ADF parser's limits: "
                           << (reread.ok() ? "" : reread.error().message()) << " for " << wiki.substr(0, 40);
  const std::string printed = print_wiki(doc);
  EXPECT_EQ(print_wiki(parse_wiki(printed)), printed);
  (void)plain_text(doc);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, kBudget);
  if (std::getenv("RICHTEXT_TIMING")) {
    std::cerr << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms: " << wiki.substr(0, 30) << "\n";
  }
}

std::string repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(HostileWiki, DeepNestingOfAHundredThousandLevels) {
  survives(repeat("*", 100000) + " deep item");
  survives(repeat("#*", 50000) + " deep item\n" + repeat("*", 3) + " shallow");
  survives(repeat("{quote}", 100000));
  survives(repeat("{panel}{quote}", 50000));
  survives(repeat("* a\n{quote}\n", 50000));
  survives(repeat("[", 100000) + "x" + repeat("]", 100000));
  survives(repeat("{{", 100000) + repeat("}}", 100000));
  survives(repeat("{color:red}", 100000) + "x" + repeat("{color}", 100000));
  survives(repeat("*_+-^~", 20000) + "x" + repeat("~^-+_*", 20000));
  survives(repeat("bq. ", 100000));
  survives(repeat("|", 100000));
}

TEST(HostileWiki, UnterminatedAndMalformedMarkup) {
  survives("{code:java}\nint x;");
  survives("{noformat}");
  survives("{quote}\n* a\n{code}\nx");
  survives("{panel:title=");
  survives("[a|");
  survives("!a.png|");
  survives("&#99999999; &#0; &#xD800; &#;");
  survives(std::string("a\0b\xff\xfe \xc3", 8));
  survives(repeat("\\", 10001));
  survives(repeat("\n", 100000));
  survives(repeat("!a ", 100000));
  survives(repeat("{{a ", 100000));
  survives(repeat("a\\\\", 50000) + "\n" + repeat("!x.png! ", 10000));
}

TEST(HostileWiki, InvalidUtf8BecomesReplacementCharacters) {
  const json adf = wiki_to_adf("bad \xff byte");
  EXPECT_EQ(adf["content"][0]["content"][0]["text"], "bad \xEF\xBF\xBD byte");
  EXPECT_NO_THROW((void)adf.dump());
}

}  // namespace
}  // namespace twinsync::richtext
