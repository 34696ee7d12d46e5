// Values: sharing, copy-on-write, equality, immortality, shapes and the JSON form.
#include "compiler/vm/value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_json.h"

namespace twinsync {
namespace {

TEST(Value, CopiesShareAndWritesCopy) {
  Value a = Value::list({Value::string("x")});
  Value b = a;
  EXPECT_TRUE(a.same(b));
  b.list_push(Value::number(2));
  EXPECT_FALSE(a.same(b));
  EXPECT_EQ(a.as_list().size(), 1u);
  EXPECT_EQ(b.as_list().size(), 2u);
}

TEST(Value, RecordsAreAddressedBySlot) {
  Value issue = Value::record(issue_shape());
  issue.set_field(slot(IssueSlot::Summary), Value::string("Crash on start"));
  EXPECT_EQ(issue.field(slot(IssueSlot::Summary)).as_string(), "Crash on start");
  EXPECT_EQ(issue_shape().find("summary"), slot(IssueSlot::Summary));
  EXPECT_EQ(issue_shape().fields[slot(IssueSlot::Key)].flags & ReadOnly, ReadOnly);
  EXPECT_EQ(issue_shape().fields[slot(IssueSlot::Comments)].type, types::list_of(types::comment()));
}

TEST(Value, DeepEquality) {
  Value a = Value::record(comment_shape());
  Value b = Value::record(comment_shape());
  a.set_field(slot(CommentSlot::Body), Value::string("hi"));
  EXPECT_FALSE(a == b);
  b.set_field(slot(CommentSlot::Body), Value::string("hi"));
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_TRUE(Value::number(0) == Value::number(-0.0));
  EXPECT_FALSE(Value::number(1) == Value::string("1"));
}

TEST(Value, TextEqualityAtEveryLengthAndPosition) {
  // equal_text compares short texts in overlapping words: a difference in any byte, at any
  // length around the word boundaries, must be seen.
  for (size_t n = 0; n <= 40; ++n) {
    const std::string base(n, 'a');
    EXPECT_TRUE(Value::string(base) == Value::string(base)) << n;
    EXPECT_FALSE(Value::string(base) == Value::string(base + "a")) << n;
    for (size_t at = 0; at < n; ++at) {
      std::string other = base;
      other[at] = 'b';
      EXPECT_FALSE(Value::string(base) == Value::string(other)) << n << " at " << at;
      EXPECT_FALSE(equal_text(base, other)) << n << " at " << at;
    }
  }
  EXPECT_FALSE(Value::string("1") == Value::number(1));
  EXPECT_FALSE(Value::number(std::nan("")) == Value::number(std::nan("")));
  EXPECT_TRUE(Value::number(0.0) == Value::number(-0.0));
  Value moved = Value::string("gone");
  Value taken = std::move(moved);
  EXPECT_TRUE(moved == Value()) << "a moved-from value is null, whatever its stale bits";
}

TEST(Value, MapsKeepKeysSortedAndLastWins) {
  Value m = Value::map({{"b", Value::number(1)}, {"a", Value::number(2)}, {"b", Value::number(3)}});
  EXPECT_EQ(m.map_entries().size(), 2u);
  EXPECT_EQ(m.map_get("b").as_number(), 3);
  EXPECT_TRUE(m.map_get("zzz").is_null());
  m.map_set("c", Value::boolean(true));
  EXPECT_TRUE(m.map_get("c").as_bool());
}

TEST(Value, DeepCloneSharesNothing) {
  Value a = Value::list({Value::string("x"), Value::map({{"k", Value::string("v")}})});
  Value b = a.deep_clone();
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a.same(b));
  EXPECT_FALSE(a.as_list()[0].same(b.as_list()[0]));
  EXPECT_EQ(a.object()->refs, 1u);
}

TEST(DateTime, ParsesJiraForms) {
  EXPECT_EQ(datetime::parse_datetime("2024-01-31T10:15:30.000+0100"), datetime::parse_datetime("2024-01-31T09:15:30.000Z"));
  EXPECT_EQ(datetime::parse_datetime("1970-01-01T00:00:01.500+0000"), 1500);
  EXPECT_EQ(datetime::parse_datetime("2024/01/31 10:15"), datetime::parse_datetime("2024-01-31 10:15"));
  EXPECT_EQ(datetime::parse_date("1970-01-02"), 1);
  EXPECT_FALSE(datetime::parse_date("2024-13-45"));
  EXPECT_FALSE(datetime::parse_datetime("yesterday"));
  EXPECT_EQ(datetime::format_datetime(1500), "1970-01-01T00:00:01.500+0000");
  EXPECT_EQ(datetime::format_jql_datetime(90000), "1970/01/01 00:01");
}

TEST(ValueJson, ReplicaRoundTrip) {
  const auto j = nlohmann::json::parse(R"({
    "key": "QA-1", "summary": "Crash", "labels": ["a", "b"], "duedate": "2024-02-01",
    "assignee": {"accountId": "5b10", "displayName": "Ann"},
    "comments": [{"id": "10", "body": "first", "created": "2024-01-31T09:15:30.000+0000", "internal": false}],
    "custom": {"Story Points": 3, "Team": "Blue"}
  })");
  auto issue = issue_from_json(j);
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->field(slot(IssueSlot::DueDate)).tag(), Tag::Date);
  const Value& comments = issue->field(slot(IssueSlot::Comments));
  EXPECT_EQ(comments.as_list()[0].field(slot(CommentSlot::Created)).tag(), Tag::DateTime);
  EXPECT_EQ(issue->field(slot(IssueSlot::Custom)).map_get("Story Points").as_number(), 3);
  EXPECT_EQ(value_to_json(*issue), j);
}

// Whole numbers within 9e15 are integers; anything else, however odd, stays a double.
TEST(ValueJson, NumbersBeyondAnIntegerStayDoubles) {
  EXPECT_TRUE(value_to_json(Value::number(42)).is_number_integer());
  EXPECT_TRUE(value_to_json(Value::number(-8e15)).is_number_integer());
  for (double d : {1e300, -1e300, 9.3e18, 0.5, HUGE_VAL, -HUGE_VAL, std::nan("")}) {
    EXPECT_TRUE(value_to_json(Value::number(d)).is_number_float()) << d;
  }
}

TEST(ValueJson, ErrorsNameThePath) {
  auto bad = issue_from_json(nlohmann::json::parse(R"({"comments": [{"created": "soon"}]})"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("/comments/0/created"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace twinsync
