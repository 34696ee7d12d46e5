// One bad event never stalls a connection, shown across two node processes: a 5 MiB attachment
// syncs, a 12 MiB one parks its own twin with a clear reason, a peer that refuses an event for
// good (its limits are smaller) parks that twin alone, and a later small issue still syncs.
#include <gtest/gtest.h>

#include "tests/support/two_node_processes.h"

namespace twinsync::testkit {
namespace {

TEST_F(TwoProcesses, LargeFilesSyncOrParkTheirOwnTwinAndTheRestFlows) {
  start("");
  TrackerUser tester = user(*blue), developer = user(*green);
  const std::string five = bug(tester, "five MiB"), twelve = bug(tester, "twelve MiB");
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(five).value("remoteKey", "") != "" && twin(twelve).value("remoteKey", "") != ""; }))
      << diagnose();
  tester.attach(five, "trace.bin", std::string(5 * 1024 * 1024, 'f'));
  tester.attach(twelve, "video.bin", std::string(12 * 1024 * 1024, 't'));
  const std::string small = bug(tester, "small and later");

  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(twelve).value("state", "") == "blocked"; })) << diagnose();
  EXPECT_NE(twin(twelve).value("reason", "").find("video.bin is 12.0 MiB, over this connection's limit of 10.0 MiB"),
            std::string::npos)
      << twin(twelve).dump();
  const std::string dev_five = twin(five).value("remoteKey", "");
  ASSERT_TRUE(NodeWorld::eventually([&] { return developer.attachment_names(dev_five).size() == 1; })) << diagnose();
  auto files = developer.field(dev_five, "attachment");
  EXPECT_EQ(files[0].value("size", 0), 5 * 1024 * 1024);
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(small).value("state", "") == "synchronized"; })) << diagnose();
  EXPECT_EQ(developer.field(twin(small).value("remoteKey", ""), "summary"), "small and later");
}

TEST_F(TwoProcesses, AnEventThePeerRefusesForGoodParksOnlyItsTwin) {
  start("  maxAttachmentMiB 1\n");  // the developers' node takes smaller events than QA's sends
  TrackerUser tester = user(*blue), developer = user(*green);
  const std::string big = bug(tester, "refused by the peer");
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(big).value("remoteKey", "") != ""; })) << diagnose();
  tester.attach(big, "dump.bin", std::string(5 * 1024 * 1024, 'd'));
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(big).value("state", "") == "blocked"; })) << diagnose();
  EXPECT_NE(twin(big).value("reason", "").find("the other side refused"), std::string::npos) << twin(big).dump();
  const std::string small = bug(tester, "flows past it");
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(small).value("state", "") == "synchronized"; })) << diagnose();
  EXPECT_EQ(developer.field(twin(small).value("remoteKey", ""), "summary"), "flows past it");
  auto errors = qa->admin_json("/admin/v1/errors");
  ASSERT_EQ(errors["errors"].size(), 1u) << errors.dump();
  EXPECT_EQ(errors["errors"][0].value("kind", ""), "refused");
}

}  // namespace
}  // namespace twinsync::testkit
