// Item bookkeeping of the sync: author lines, annotation, and finding items made just before a crash.
#include "runtime/sync/items.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(strip_attribution("*Ann QA* said:\nbody"), "body");
  EXPECT_EQ(strip_attribution("Ann QA said:\n\nbody"), "body");
  EXPECT_EQ(strip_attribution("Ann QA said:\nbody"), "body");
  EXPECT_EQ(strip_attribution("no author line"), "no author line");
  EXPECT_EQ(strip_attribution("line one\nShe said:\nthat"), "line one\nShe said:\nthat");
}

TEST(SyncItems, AnIntendedCommentMadeBeforeACrashIsFoundAgain) {
  std::vector<store::ItemPair> pairs = {{"comment", "10006", std::nullopt, 1, "*Administrator* said:\nqa comment 29"},
                                        {"comment", "10018", std::string("10026"), 1, "*Administrator* said:\nqa comment 54"}};
  const Value local = issue_with({comment("10008", "Administrator said:\n\nqa comment 29"),
                                  comment("10026", "Administrator said:\n\nqa comment 54")});
  auto found = reconcile_intents(pairs, local);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].remote_id, "10006");
  EXPECT_EQ(found[0].local_id, "10008");
}

TEST(SyncItems, AnIntentWithoutItsItemStaysAnIntent) {
  std::vector<store::ItemPair> pairs = {{"comment", "1", std::nullopt, 1, "*A* said:\nx"}};
  EXPECT_TRUE(reconcile_intents(pairs, issue_with({comment("5", "something else")})).empty());
}

}  // namespace
}  // namespace twinsync::sync
