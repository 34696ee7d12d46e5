// The keys a query names: what lets the embedded tracker read only those issues for a group
// read instead of running the predicate on every issue of its store. Narrowing must never leave
// out an issue the query matches, so every case where the key is not bounded says so.
#include <gtest/gtest.h>

#include "compiler/parse/parse.h"
#include "runtime/tracker/search_keys.h"

namespace {

using twinsync::DiagnosticSink;
using twinsync::SourceFile;
using Keys = std::optional<std::vector<std::string>>;

Keys named(const std::string& jql) {
  const SourceFile file("jql", jql);
  DiagnosticSink sink;
  auto q = twinsync::parse::parse_jql(file, {0, static_cast<std::uint32_t>(jql.size())}, sink);
  EXPECT_TRUE(q && !sink.has_errors()) << jql;
  return q ? twinsync::tracker::keys_named(*q) : Keys();
}

using V = std::vector<std::string>;

TEST(TrackerSearchKeys, KeyEqualsAndKeyInBoundTheSearch) {
  EXPECT_EQ(named("key = QA-1"), Keys(V{"QA-1"}));
  EXPECT_EQ(named("issue in (QA-2, qa-1, QA-2)"), Keys(V{"QA-1", "QA-2"})) << "upper case, once each";
  EXPECT_EQ(named("project = QA AND key in (QA-1, QA-2) ORDER BY key"), Keys(V{"QA-1", "QA-2"}));
  EXPECT_EQ(named("key in (QA-1, QA-2) AND issuekey in (QA-2, QA-3)"), Keys(V{"QA-2"}));
  EXPECT_EQ(named("key = QA-1 OR key = QA-9"), Keys(V{"QA-1", "QA-9"}));
  EXPECT_EQ(named("(key = QA-1 AND labels = x) OR (key = QA-2 AND labels = y)"), Keys(V{"QA-1", "QA-2"}));
}

TEST(TrackerSearchKeys, AnythingElseLeavesEveryIssueACandidate) {
  EXPECT_EQ(named(""), Keys());
  EXPECT_EQ(named("project = QA"), Keys());
  EXPECT_EQ(named("key = QA-1 OR summary ~ crash"), Keys()) << "one alternative is unbounded";
  EXPECT_EQ(named("NOT key = QA-1"), Keys());
  EXPECT_EQ(named("key != QA-1"), Keys());
  EXPECT_EQ(named("key not in (QA-1)"), Keys());
  EXPECT_EQ(named("key > QA-5"), Keys());
  EXPECT_EQ(named("issue in linkedIssues(QA-1)"), Keys()) << "a function may name any issue";
  EXPECT_EQ(named("issue = 10001"), Keys()) << "an issue named by its id";
  EXPECT_EQ(named("\"key\" = QA-1"), Keys()) << "a quoted name may be a custom field";
}

}  // namespace
