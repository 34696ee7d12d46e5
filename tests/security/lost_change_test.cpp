// No lost outgoing change: an outgoing step that fails (here: the store's disk is full) is tried
// again with back-off, and the poller's watermark only moves past keys that were processed. The
// change arrives once the fault clears, whether a webhook or a poll announced it.
#include <gtest/gtest.h>

#include "runtime/sqlite/sqlite.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

int64_t pages(store::SyncStore& s) {
  auto db = sqlite::Database::open(s.path());
  auto st = db->prepare("PRAGMA page_count");
  EXPECT_TRUE(st && *st->step());
  return st->int64(0);
}

bool logged(NodeWorld& w, const std::string& needle) {
  for (const std::string& line : w.logs()) {
    if (line.find(needle) != std::string::npos) return true;
  }
  return false;
}

// dev.sync adds a line naming the QA issue below the description.
bool has_text(const nlohmann::json& field, const std::string& text) {
  return field.is_string() && field.get<std::string>().rfind(text, 0) == 0;
}

// Webhooks only, or polling only: each path alone must not lose the change.
void change_survives_a_full_disk(bool webhooks) {
  NodeWorld w;
  w.tweak_config = [webhooks](node::NodeConfig& c) {
    c.tracker.register_webhook = webhooks;
    c.tracker.poll_seconds = webhooks ? 0 : 1;
  };
  w.tweak_options = [](node::NodeOptions& o) { o.outgoing_retry_base = std::chrono::milliseconds(50); };
  w.add_qa_dev_trackers();
  auto [qa, dev] = w.outsourced_qa();
  TrackerUser tester = w.user("blue"), developer = w.user("green");
  const std::string bug = tester.create({{"project", {{"key", "QA"}}}, {"summary", "full disk"}, {"labels", {"vetted"}}});
  const std::string twin = NodeWorld::twin_of(qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();

  ASSERT_TRUE(qa.store().limit_pages(pages(qa.store())));
  const std::string big(60000, 'x');  // needs new pages: it cannot be recorded on the full disk
  tester.call("PUT", "/rest/api/2/issue/" + bug, {{"fields", {{"description", big}}}});
  ASSERT_TRUE(NodeWorld::eventually([&] { return logged(w, "outgoing " + bug + ": "); })) << "the failure was never met";
  EXPECT_TRUE(logged(w, "trying again with back-off"));
  ASSERT_TRUE(qa.store().limit_pages(1 << 30));

  ASSERT_TRUE(NodeWorld::eventually([&] { return has_text(developer.field(twin, "description"), big); })) << w.diagnose() << [&] {
    std::string h;
    auto mine = qa.history("qa_to_dev", bug);
    auto theirs = dev.history("dev_from_qa", twin);
    for (auto& e : mine.value()) h += e.direction + " " + e.outcome + " [" + e.fields + "]\n";
    for (auto& e : theirs.value()) h += "dev: " + e.direction + " " + e.outcome + " [" + e.fields + "]\n";
    return h + "dev description size " + std::to_string(developer.field(twin, "description").dump().size());
  }();
  EXPECT_TRUE(qa.wait_idle(std::chrono::seconds(10)));
  auto errors = qa.errors();
  ASSERT_TRUE(errors);
  EXPECT_TRUE(errors->empty()) << "a fault that cleared leaves no error";
}

TEST(LostChange, AWebhookChangeSurvivesAFullDisk) { change_survives_a_full_disk(true); }

TEST(LostChange, APolledChangeSurvivesAFullDisk) { change_survives_a_full_disk(false); }

}  // namespace
}  // namespace twinsync::testkit
