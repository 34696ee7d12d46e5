// Line table and span lookups of SourceFile.
#include "compiler/source/source_file.h"

#include <gtest/gtest.h>

namespace twinsync {
namespace {

TEST(SourceFile, LineAndColumnOfOffsets) {
  SourceFile f("a.sync", "ab\ncd\n\nxyz");
  EXPECT_EQ(f.line_count(), 4u);
  EXPECT_EQ(f.line_col(0).line, 1u);
  EXPECT_EQ(f.line_col(1).column, 2u);
  EXPECT_EQ(f.line_col(3).line, 2u);
  EXPECT_EQ(f.line_col(3).column, 1u);
  EXPECT_EQ(f.line_col(7).line, 4u);
  EXPECT_EQ(f.line_col(9).column, 3u);
}

TEST(SourceFile, ColumnsCountCodePointsNotBytes) {
  SourceFile f("u.sync", "\"Grüße\" x");
  // `x` is at byte 10 (ü and ß take two bytes each) but at column 9.
  EXPECT_EQ(f.line_col(10).column, 9u);
}

TEST(SourceFile, LineTextDropsLineBreaks) {
  SourceFile f("a.sync", "one\r\ntwo\n");
  EXPECT_EQ(f.line_text(1), "one");
  EXPECT_EQ(f.line_text(2), "two");
  EXPECT_EQ(f.line_text(3), "");
  EXPECT_EQ(f.line_text(9), "");
}

TEST(SourceFile, OffsetsPastTheEndClamp) {
  SourceFile f("a.sync", "abc");
  EXPECT_EQ(f.line_col(100).column, 4u);
  EXPECT_EQ(f.slice({1, 100}), "bc");
  EXPECT_EQ(f.slice({5, 2}), "");
}

}  // namespace
}  // namespace twinsync
