// With `dedicatedAccount true` a node takes webhooks made by its own account for its own writes
// and reads nothing for them. Someone who signs in with that account anyway loses nothing: the
// poll, the safety net, still finds the change and it syncs.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/api_cost_world.h"

namespace twinsync::testing {
namespace {

TEST(DedicatedAccount, AChangeMadeByHandWithTheNodesAccountStillSyncsThroughThePoll) {
  ApiCostWorld w(std::string(TWINSYNC_SOURCE_DIR) + "/examples", /*poll_seconds=*/1);
  const nlohmann::json made = cost_detail::call(
      w.tester, "POST", "/rest/api/2/issue",
      {{"fields", {{"project", {{"key", "QA"}}}, {"issuetype", {{"name", "Bug"}}}, {"summary", "by a tester"}, {"labels", {"vetted"}}}}});
  ASSERT_TRUE(made.is_object() && made.contains("key")) << made.dump();
  const std::string key = made["key"];
  ASSERT_TRUE(w.settle([&] { return !w.twin_of(key).empty(); }));
  const std::string twin = w.twin_of(key);
  ASSERT_EQ(cost_detail::text_of(w.developer, twin, "summary"), "by a tester");

  demo::UserClient by_hand = w.node_account_on_qa();
  cost_detail::call(by_hand, "PUT", "/rest/api/2/issue/" + key, {{"fields", {{"summary", "edited with the node's account"}}}});
  EXPECT_TRUE(w.settle([&] { return cost_detail::text_of(w.developer, twin, "summary") == "edited with the node's account"; },
                       std::chrono::seconds(30)));
}

}  // namespace
}  // namespace twinsync::testing
