// The text functions behind lower, upper, trim, replace, split, join and truncate.
#include "stdlib/text/text.h"

#include <gtest/gtest.h>

namespace twinsync::text {
namespace {

TEST(Text, CaseMappingCoversLatin1) {
  EXPECT_EQ(lower("ÄBC Straße"), "äbc straße");
  EXPECT_EQ(upper("über"), "ÜBER");
}

TEST(Text, TrimReplaceSplitJoin) {
  EXPECT_EQ(trim("  \t a b \n"), "a b");
  EXPECT_EQ(replace_all("a-b-c", "-", "+"), "a+b+c");
  EXPECT_EQ(replace_all("abc", "", "x"), "abc");
  EXPECT_EQ(split("a,b,,c", ","), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(join({"a", "b"}, ", "), "a, b");
}

TEST(Text, TruncateNeverSplitsACodePoint) {
  EXPECT_EQ(truncate("héllo wörld", 5), "héll…");
  EXPECT_EQ(truncate("short", 10), "short");
  EXPECT_EQ(length("héllo"), 5u);
}

TEST(Text, ContainsIgnoringCase) {
  EXPECT_TRUE(contains_ignore_case("App CRASH on start", "crash"));
  EXPECT_FALSE(contains("abc", "d"));
}

TEST(Text, EqualsIgnoringCaseWithAndWithoutAscii) {
  EXPECT_TRUE(equals_ignore_case("In Progress", "in progress"));
  EXPECT_FALSE(equals_ignore_case("Done", "Don"));
  EXPECT_FALSE(equals_ignore_case("Done", "Dune"));
  EXPECT_TRUE(equals_ignore_case("ÄRGER", "ärger"));
  EXPECT_FALSE(equals_ignore_case("ärger", "arger"));
  EXPECT_TRUE(contains_ignore_case("App CRASHES on start", "crash"));
  EXPECT_TRUE(contains_ignore_case("Grüße", "ÜSS") == false);
  EXPECT_TRUE(contains_ignore_case("GRÜSSE", "üss"));
}

}  // namespace
}  // namespace twinsync::text

#include "compiler/check/builtin_table.h"
#include "stdlib/natives.h"

namespace twinsync::stdlib {
namespace {

TEST(Natives, EveryBuiltinHasAnImplementation) {
  const NativeTable table = natives();
  ASSERT_EQ(table.size(), all_builtins().size());
  for (const BuiltinInfo& b : all_builtins()) {
    EXPECT_NE(table[static_cast<size_t>(b.id)], nullptr) << b.name;
  }
}

TEST(Natives, RichTextFunctions) {
  HostContext host;
  Value arg = Value::string("*bold* and _em_");
  NativeCall call{host, &arg, 1, {}, {}};
  ASSERT_TRUE(natives()[static_cast<size_t>(BuiltinId::Plain)](call));
  EXPECT_EQ(call.result.as_string(), "bold and em");
  NativeCall adf{host, &arg, 1, {}, {}};
  ASSERT_TRUE(natives()[static_cast<size_t>(BuiltinId::WikiToAdf)](adf));
  Value json = adf.result;
  NativeCall back{host, &json, 1, {}, {}};
  ASSERT_TRUE(natives()[static_cast<size_t>(BuiltinId::AdfToWiki)](back));
  EXPECT_EQ(back.result.as_string(), "*bold* and _em_");
}

}  // namespace
}  // namespace twinsync::stdlib
