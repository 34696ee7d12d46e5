// two_node_processes.h — two `twinsync run` processes (QA's and the developers' nodes of
// examples/outsourced_qa), each with its own embedded tracker, paired through the CLI's invite and
// accept as operators do it. For tests that need real processes and real sockets between them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include "runtime/demo/demo_report.h"
#include "runtime/tracker/tracker.h"
#include "tests/support/node_process.h"
#include "tests/support/node_world.h"
#include "tests/support/run_twinsync.h"

namespace twinsync::testkit {

class TwoProcesses : public ::testing::Test {
 protected:
  void start(const std::string& dev_extra) {
    blue = start_tracker("QA");
    green = start_tracker("DEV");
    ::setenv("TWINSYNC_PROC_MASTER", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    ::setenv("TWINSYNC_PROC_QA_TOKEN", blue->seeded_admin()->api_token.c_str(), 1);
    ::setenv("TWINSYNC_PROC_DEV_TOKEN", green->seeded_admin()->api_token.c_str(), 1);
    qa = std::make_unique<NodeProcess>(dir, "qa", body(*blue, "QA", "qa_to_dev", "qa.sync", ""), run_args);
    dev = std::make_unique<NodeProcess>(dir, "dev", body(*green, "DEV", "dev_from_qa", "dev.sync", dev_extra), run_args);
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
  std::vector<std::string> run_args;  // after `twinsync run FILE`, for both nodes
};

}  // namespace twinsync::testkit
