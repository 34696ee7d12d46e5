// merge(): remote comments and attachments into the local list, without duplicates on re-sync,
// keeping local-only items, editing changed ones and removing withdrawn ones.
#include "stdlib/merge/merge.h"

#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"

namespace twinsync::stdlib {
namespace {

Value comment(const char* id, const char* body, const char* remote_id = nullptr) {
  Value c = Value::record(comment_shape());
  if (id) c.set_field(slot(CommentSlot::Id), Value::string(id));
  c.set_field(slot(CommentSlot::Body), Value::string(body));
  if (remote_id) c.set_field(slot(CommentSlot::RemoteId), Value::string(remote_id));
  return c;
}

std::string body(const Value& c) { return std::string(c.field(slot(CommentSlot::Body)).as_string()); }
const Value& id(const Value& c) { return c.field(slot(CommentSlot::Id)); }
const Value& remote_id(const Value& c) { return c.field(slot(CommentSlot::RemoteId)); }

TEST(Merge, NewRemoteItemsAreAddedWithTheirRemoteId) {
  Value local = Value::list({comment("10", "mine")});
  Value remote = Value::list({comment("r1", "theirs")});
  const Value merged = merge(local, remote);
  const auto& out = merged.as_list();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(body(out[0]), "mine");
  EXPECT_TRUE(id(out[1]).is_null());  // to be created
  EXPECT_EQ(remote_id(out[1]).as_string(), "r1");
}

TEST(Merge, ResyncAddsNoDuplicatesAndShares) {
  // After the engine created r1 locally as comment 11 and recorded the pair:
  Value local = Value::list({comment("10", "mine"), comment("11", "theirs", "r1")});
  Value remote = Value::list({comment("r1", "theirs")});
  Value out = merge(local, remote);
  EXPECT_TRUE(out.same(local));  // nothing changed: the very same list
}

TEST(Merge, EditedRemoteItemsUpdateTheirLocalTwin) {
  Value local = Value::list({comment("11", "old text", "r1")});
  Value remote = Value::list({comment("r1", "new text")});
  const Value merged = merge(local, remote);
  const auto& out = merged.as_list();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(id(out[0]).as_string(), "11");
  EXPECT_EQ(body(out[0]), "new text");
}

TEST(Merge, WithdrawnItemsAreRemovedLocalOnesNever) {
  Value local = Value::list({comment("10", "mine"), comment("11", "theirs", "r1")});
  Value remote = Value::list({});
  const Value merged = merge(local, remote);
  const auto& out = merged.as_list();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(body(out[0]), "mine");
  EXPECT_EQ(merge(local, Value()).as_list().size(), 1u);  // a replica that sends no comments at all
}

TEST(Merge, PlainListsAreUnited) {
  Value local = Value::list({Value::string("a"), Value::string("b")});
  Value remote = Value::list({Value::string("b"), Value::string("c")});
  EXPECT_EQ(merge(local, remote).as_list().size(), 3u);
  EXPECT_TRUE(merge(local, Value::list({Value::string("a")})).same(local));
}

TEST(Merge, OurOwnItemsSentBackAreNotAddedAgain) {
  Value local = Value::list({comment("10", "mine")});
  Value remote = Value::list({comment("r5", "mine", "10")});  // the other side's copy of our comment
  EXPECT_TRUE(merge(local, remote).same(local));
}

// The same count of twins in the same order takes a shortcut when nothing differs; each of these
// differs in one way the shortcut must notice.
TEST(Merge, TwinsInOrderStillSeeAnEditAReorderAndAStranger) {
  const Value local = Value::list({comment("11", "a", "r1"), comment("12", "b", "r2")});
  EXPECT_TRUE(merge(local, Value::list({comment("r1", "a"), comment("r2", "b")})).same(local));

  const Value edited = merge(local, Value::list({comment("r1", "a"), comment("r2", "b2")}));
  ASSERT_EQ(edited.as_list().size(), 2u);
  EXPECT_EQ(body(edited.as_list()[1]), "b2");
  EXPECT_EQ(id(edited.as_list()[1]).as_string(), "12");

  // Reordered on the other side: still the same items, nothing to do.
  EXPECT_TRUE(merge(local, Value::list({comment("r2", "b"), comment("r1", "a")})).same(local));

  // Same count, but r3 replaces r2: r2's twin goes, r3 arrives to be created.
  const Value swapped = merge(local, Value::list({comment("r1", "a"), comment("r3", "b")}));
  ASSERT_EQ(swapped.as_list().size(), 2u);
  EXPECT_EQ(remote_id(swapped.as_list()[1]).as_string(), "r3");
  EXPECT_TRUE(id(swapped.as_list()[1]).is_null());
}

TEST(Merge, IsIdempotent) {
  Value local = Value::list({comment("10", "mine")});
  Value remote = Value::list({comment("r1", "x"), comment("r2", "y")});
  Value once = merge(local, remote);
  // Simulate the engine creating the new items: they get local ids.
  std::vector<Value> created;
  int n = 20;
  for (Value c : once.as_list()) {
    if (id(c).is_null()) c.set_field(slot(CommentSlot::Id), Value::string(std::to_string(n++)));
    created.push_back(c);
  }
  Value twice = merge(Value::list(created), remote);
  EXPECT_EQ(twice.as_list().size(), 3u);
}

}  // namespace
}  // namespace twinsync::stdlib
