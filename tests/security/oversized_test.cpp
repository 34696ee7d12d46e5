// One bad event never stalls a connection, shown across two node processes: a 5 MiB attachment
// syncs, a 12 MiB one parks its own twin with a clear reason, a peer that refuses an event for
// good (its limits are smaller) parks that twin alone, and a later small issue still syncs.
#include <gtest/gtest.h>

#include "runtime/demo/demo_report.h"
#include "runtime/tracker/tracker.h"
#include "tests/support/node_process.h"
#include "tests/support/node_world.h"
#include "tests/support/run_twinsync.h"

namespace twinsync::testing {
namespace {

class TwoProcesses : public ::testing::Test {
 protected:
  void start(const std::string& dev_extra) {
    blue = start_tracker("QA");
    green = start_tracker("DEV");
    ::setenv("TWINSYNC_PROC_MASTER", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    ::setenv("TWINSYNC_PROC_QA_TOKEN", blue->seeded_admin()->api_token.c_str(), 1);
    ::setenv("TWINSYNC_PROC_DEV_TOKEN", green->seeded_admin()->api_token.c_str(), 1);
    qa = std::make_unique<NodeProcess>(dir, "qa", body(*blue, "QA", "qa_to_dev", "qa.sync", ""));
    dev = std::make_unique<NodeProcess>(dir, "dev", body(*green, "DEV", "dev_from_qa", "dev.sync", dev_extra));
    auto invite = run_twinsync("invite dev_from_qa" + dev->cli() + " --ttl 10m 2>" + dir.file("invite.err"));
    ASSERT_EQ(invite.status, 0) << invite.out << std::ifstream(dir.file("invite.err")).rdbuf() << dev->log();
    std::ofstream(dir.file("code.txt")) << invite.out;
    auto accept = run_twinsync("accept --connection qa_to_dev" + qa->cli() + " < " + dir.file("code.txt"));
    ASSERT_EQ(accept.status, 0) << accept.out << qa->log();
  }
  std::unique_ptr<tracker::Tracker> start_tracker(const std::string& project) {
    tracker::TrackerOptions o;
    o.db_path = ":memory:";
    o.project_key = project;
    o.project_name = project;
    o.max_attachment_bytes = 16 * 1024 * 1024;  // holds the 12 MiB file this test makes
    o.webhook_retry_base = std::chrono::milliseconds(50);
    return std::move(tracker::Tracker::start(o).value());
  }
  static std::string body(tracker::Tracker& t, const std::string& who, const std::string& conn, const std::string& rules,
                          const std::string& extra) {
    return "  masterKey env(\"TWINSYNC_PROC_MASTER\")\n" + extra + "  tracker {\n    url \"" + t.base_url() +
           "\"\n    user \"" + t.seeded_admin()->email + "\"\n    token env(\"TWINSYNC_PROC_" + who +
           "_TOKEN\")\n    poll 1\n    registerWebhook true\n  }\n  connection " + conn + " { rules \"" + examples_dir() +
           "/outsourced_qa/" + rules + "\" }";
  }
  TrackerUser user(tracker::Tracker& t) {
    auto u = demo::user_client(t.base_url(), t.seeded_admin()->email, t.seeded_admin()->api_token);
    return TrackerUser{std::move(u->http), std::move(u->client)};
  }
  std::string bug(TrackerUser& u, const std::string& summary) {
    return u.create({{"project", {{"key", "QA"}}}, {"summary", summary}, {"labels", {"vetted"}}});
  }
  nlohmann::json twin(const std::string& key) {
    auto j = qa->admin_json("/admin/v1/issues/" + key);
    return j.is_object() && j["twins"].is_array() && !j["twins"].empty() ? j["twins"][0] : nlohmann::json::object();
  }
  std::string diagnose() { return "--- qa log\n" + qa->log() + "\n--- dev log\n" + dev->log(); }

  TempDir dir;
  std::unique_ptr<tracker::Tracker> blue, green;
  std::unique_ptr<NodeProcess> qa, dev;
};

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
}  // namespace twinsync::testing
