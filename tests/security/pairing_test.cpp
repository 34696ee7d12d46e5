// Pairing: an accept never silently replaces an existing pairing (it needs --replace and says
// what it replaces), and invitations that expired long ago are pruned from the store.
#include <gtest/gtest.h>

#include "runtime/sqlite/sqlite.h"
#include "runtime/transport/clock.h"
#include "runtime/transport/key_store.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

TEST(Pairing, AcceptDoesNotReplaceAPairingUnlessAsked) {
  NodeWorld w;
  w.add_qa_dev_trackers();
  auto [qa, dev] = w.outsourced_qa(NodeWorld::Pairing::ByCommands);
  const auto before = qa.peers();
  ASSERT_EQ(before.size(), 1u);

  auto again = run_twinsync("invite dev_from_qa" + w.cli_target(dev) + " --ttl 10m 2>/dev/null");
  ASSERT_EQ(again.status, 0) << again.out;
  const std::string code = w.file("code2.txt", again.out);
  auto refused = run_twinsync("accept --connection qa_to_dev" + w.cli_target(qa) + " < " + code);
  EXPECT_EQ(refused.status, 1) << refused.out;
  EXPECT_NE(refused.out.find("already paired with " + dev.url()), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("--replace"), std::string::npos) << refused.out;
  EXPECT_EQ(qa.peers()[0].created_ms, before[0].created_ms) << "the pairing is as it was";

  auto replaced = run_twinsync("accept --replace --connection qa_to_dev" + w.cli_target(qa) + " < " + code);
  EXPECT_EQ(replaced.status, 0) << replaced.out;
  EXPECT_NE(replaced.out.find("replaced: the pairing with " + dev.url()), std::string::npos) << replaced.out;
}

TEST(Pairing, LongExpiredInvitationsArePruned) {
  NodeWorld w;
  w.add_tracker("green", {"DEV"});
  auto& dev = w.add_node("dev", "green", {{"dev_from_qa", "outsourced_qa/dev.sync"}});
  const std::string master = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  auto db = sqlite::Database::open(dev.store().path());
  ASSERT_TRUE(db);
  std::string key_bytes;
  for (size_t i = 0; i < master.size(); i += 2) key_bytes += static_cast<char>(std::stoi(master.substr(i, 2), nullptr, 16));
  auto keys = transport::KeyStore::open(*db, key_bytes);
  ASSERT_TRUE(keys) << keys.error().message;
  transport::PendingInvitation old;
  old.id = "old-invitation";
  old.connection = "dev_from_qa";
  old.base_url = dev.url();
  old.key = std::string(32, 'k');
  old.created_ms = transport::system_now_ms() - 9LL * 24 * 3600 * 1000;
  old.expires_ms = old.created_ms + 24LL * 3600 * 1000;
  ASSERT_TRUE((*keys)->put_invitation(old));
  ASSERT_TRUE(*(*keys)->invitation("old-invitation"));

  ASSERT_TRUE(dev.invite("dev_from_qa", std::chrono::seconds(600)));
  auto gone = (*keys)->invitation("old-invitation");
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone) << "an invitation that expired a week ago is pruned";
}

}  // namespace
}  // namespace twinsync::testkit
