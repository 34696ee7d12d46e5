// Jira Cloud sends an issue's comments as one page of the list (`total` counts them all) when it
// answers GET issue, a search or an edit's returnIssue. Both trackers here cut the list at 2 the
// same way (TrackerOptions::issue_comment_page): a node that took the page for the whole list
// would never send the comments past it, and the other side's merge would take them for
// deleted. Every comment must arrive, by bulk (search pages) and by webhook (GET issue), both ways.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/api_cost_world.h"

namespace twinsync::testkit {
namespace {

using namespace cost_detail;

// The comments' bodies through the comment resource, which pages through all of them; without
// the line the sync puts before a copied comment ("*tester* said:").
std::vector<std::string> bodies(demo::UserClient& u, const std::string& key) {
  std::vector<std::string> out;
  auto list = u.client->comments(key);
  if (!list || !list->is_list()) return out;
  for (const Value& c : list->as_list()) {
    std::string body(c.field(slot(CommentSlot::Body)).as_string());
    if (const auto said = body.find(" said:\n"); said != std::string::npos) body.erase(0, said + 7);
    out.push_back(std::move(body));
  }
  return out;
}

void add_comment(demo::UserClient& u, const std::string& key, const std::string& body) {
  ASSERT_TRUE(u.client->add_comment(key, body)) << key;
}

TEST(CommentPage, EveryCommentCrossesWhenTheIssuesAnswerHoldsOnlyAPageOfThem) {
  ApiCostWorld w(std::string(TWINSYNC_SOURCE_DIR) + "/examples", /*poll_seconds=*/600, -1, /*nodes_now=*/false,
                 /*issue_comment_page=*/2);
  auto made = call(w.tester, "POST", "/rest/api/2/issue",
                   {{"fields", {{"project", {{"key", "QA"}}}, {"issuetype", {{"name", "Bug"}}},
                                {"summary", "a long thread"}, {"labels", {"vetted"}}}}});
  ASSERT_TRUE(made.is_object() && made.contains("key")) << made.dump();
  const std::string key = made["key"];
  std::vector<std::string> want;
  for (int i = 1; i <= 5; ++i) {
    want.push_back("QA comment " + std::to_string(i));
    add_comment(w.tester, key, want.back());
  }
  ASSERT_EQ(count_of(w.tester, key, "comment"), 2u) << "the tracker cuts the issue's list short";

  // By bulk: the issue is read from a search page.
  w.start_nodes();
  ASSERT_TRUE(w.settle([&] { return w.webhooks_delivered(); }));
  auto queued = w.qa().bulk("qa_to_dev", "vetted_bugs");
  ASSERT_TRUE(queued) << queued.error().message;
  std::string twin;
  ASSERT_TRUE(w.settle([&] {
    twin = w.twin_of(key);
    return !twin.empty() && bodies(w.developer, twin).size() >= want.size();
  })) << "the twin " << twin << " has " << bodies(w.developer, twin).size() << " comments";
  EXPECT_EQ(bodies(w.developer, twin), want);

  // By webhook: a sixth comment on QA, read with GET issue.
  want.push_back("QA comment 6");
  add_comment(w.tester, key, want.back());
  ASSERT_TRUE(w.settle([&] { return bodies(w.developer, twin).size() >= want.size(); }));
  EXPECT_EQ(bodies(w.developer, twin), want);

  // Back: a comment on DEV's twin, whose read is cut short too, reaches QA and removes nothing.
  want.push_back("DEV comment");
  add_comment(w.developer, twin, want.back());
  ASSERT_TRUE(w.settle([&] { return bodies(w.tester, key).size() >= want.size(); }));
  EXPECT_EQ(bodies(w.tester, key), want);
  EXPECT_EQ(bodies(w.developer, twin), want);
}

}  // namespace
}  // namespace twinsync::testkit
