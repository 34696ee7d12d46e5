// Item bookkeeping of the sync: author lines, annotation, and finding items made just before a crash.
#include "runtime/sync/items.h"

#include <gtest/gtest.h>

#include <map>

#include "compiler/schema/shapes.h"

namespace twinsync::sync {
namespace {

Value comment(const std::string& id, const std::string& body) {
  Value c = Value::record(comment_shape());
  c.set_field(slot(CommentSlot::Id), Value::string(id));
  c.set_field(slot(CommentSlot::Body), Value::string(body));
  return c;
}

Value issue_with(std::vector<Value> comments) {
  Value i = Value::record(issue_shape());
  i.set_field(slot(IssueSlot::Comments), Value::list(std::move(comments)));
  return i;
}

TEST(SyncItems, AuthorLinesComeOffWhateverTheTrackerDidToThem) {
  EXPECT_EQ(CommentFormat().strip("*Ann QA* said:\nbody"), "body");
  EXPECT_EQ(CommentFormat().strip("Ann QA said:\n\nbody"), "body");
  EXPECT_EQ(CommentFormat().strip("Ann QA said:\nbody"), "body");
  EXPECT_EQ(CommentFormat().strip("no author line"), "no author line");
  EXPECT_EQ(CommentFormat().strip("line one\nShe said:\nthat"), "line one\nShe said:\nthat");
}

// A connection's own header (`commentFormat` in the rule file) is written and recognised the
// same way; a format the compiler would refuse falls back to the default.
TEST(SyncItems, AConnectionChoosesTheAuthorHeader) {
  const CommentFormat f("[{author}] commented:\n{body}\n-- synced");
  EXPECT_EQ(f.render("Ann QA", "looks fixed"), "[Ann QA] commented:\nlooks fixed\n-- synced");
  EXPECT_EQ(f.render("", "looks fixed"), "looks fixed");
  EXPECT_EQ(f.strip("[Ann QA] commented:\nlooks fixed\n-- synced"), "looks fixed");
  EXPECT_EQ(f.strip("[Ann QA] commented:\n\nlooks fixed\n-- synced"), "looks fixed");  // a blank line added
  EXPECT_EQ(f.strip("*Ann QA* said:\nlooks fixed"), "*Ann QA* said:\nlooks fixed");  // not this format's
  EXPECT_EQ(f.strip("[two\nlines] commented:\nx\n-- synced"), "[two\nlines] commented:\nx\n-- synced");
  const CommentFormat no_author("From the other side: {body}");
  EXPECT_EQ(no_author.render("Ann", "x"), "From the other side: x");
  EXPECT_EQ(no_author.strip("From the other side: x"), "x");
  EXPECT_EQ(CommentFormat("{author} only").text(), CommentFormat::kDefault);
  EXPECT_EQ(comment_format_problem("{author}: {body} {date}"), "only {author} and {body} may appear in braces");
  EXPECT_EQ(comment_format_problem("{body} by {author}"), "{author} must come before {body}");
  EXPECT_EQ(comment_format_problem("{body}{body}"), "the format must hold {body} exactly once");
  // The items of an apply use the connection's format for their intents too.
  std::vector<store::ItemPair> pairs = {{"comment", "r1", std::nullopt, 1, f.render("Ann", "first")}};
  const auto found = reconcile_intents(pairs, issue_with({comment("7", "[Ann] commented:\n\nfirst\n-- synced")}), f);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].local_id, "7");
}

TEST(SyncItems, AnIntendedCommentMadeBeforeACrashIsFoundAgain) {
  std::vector<store::ItemPair> pairs = {{"comment", "10006", std::nullopt, 1, "*Administrator* said:\nqa comment 29"},
                                        {"comment", "10018", std::string("10026"), 1, "*Administrator* said:\nqa comment 54"}};
  const Value local = issue_with({comment("10008", "Administrator said:\n\nqa comment 29"),
                                  comment("10026", "Administrator said:\n\nqa comment 54")});
  auto found = reconcile_intents(pairs, local, CommentFormat());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].remote_id, "10006");
  EXPECT_EQ(found[0].local_id, "10008");
}

TEST(SyncItems, AnIntentWithoutItsItemStaysAnIntent) {
  std::vector<store::ItemPair> pairs = {{"comment", "1", std::nullopt, 1, "*A* said:\nx"}};
  EXPECT_TRUE(reconcile_intents(pairs, issue_with({comment("5", "something else")}), CommentFormat()).empty());
}

// Comments the sync added to an issue it made: found by text, and where the tracker reshaped a
// text beyond recognition, by their order in the one edit that added them.
TEST(SyncItems, TheCommentsOfANewIssueAreFoundByTextThenByOrder) {
  std::vector<store::ItemPair> pairs = {{"comment", "r1", std::nullopt, 1, "*Ann* said:\nfirst"},
                                        {"comment", "r2", std::nullopt, 2, "*Ann* said:\n{code}x{code}"},
                                        {"comment", "r3", std::nullopt, 3, "*Ann* said:\nthird"}};
  const Value made = issue_with({comment("11", "Ann said:\n\nfirst"), comment("12", "Ann said:\n\nx (reshaped)"),
                                 comment("13", "Ann said:\n\nthird")});
  std::map<std::string, std::string> ids;
  for (const auto& p : reconcile_new_issue_comments(pairs, made, CommentFormat())) ids[p.remote_id] = p.local_id.value_or("");
  EXPECT_EQ(ids, (std::map<std::string, std::string>{{"r1", "11"}, {"r2", "12"}, {"r3", "13"}}));
  // Nothing to pair: an intent stays one rather than take a comment already mapped.
  pairs.push_back({"comment", "r4", std::nullopt, 4, "*Ann* said:\nfourth"});
  EXPECT_EQ(reconcile_new_issue_comments(pairs, made, CommentFormat()).size(), 3u);
}

}  // namespace
}  // namespace twinsync::sync
