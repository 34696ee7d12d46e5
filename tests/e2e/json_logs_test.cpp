// `twinsync run --log-format json`: two node processes log one JSON object per line (ts, level,
// event, connection, issue, message), the events of a sync among them, and never an issue's text.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "runtime/node/log_event.h"
#include "tests/support/two_node_processes.h"

namespace twinsync::testkit {
namespace {

std::vector<nlohmann::json> json_lines(const std::string& log, std::string* bad) {
  std::vector<nlohmann::json> out;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      *bad += line + "\n";
      continue;
    }
    out.push_back(std::move(j));
  }
  return out;
}

TEST_F(TwoProcesses, JsonLogsAreOneObjectPerLineWithTheEventItsConnectionAndIssue) {
  run_args = {"--log-format", "json"};
  start("");
  TrackerUser tester = user(*blue);
  const std::string words = "Crash-when-saving-a-draft-words-that-stay-out-of-logs";
  const std::string key = bug(tester, words);
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(key).value("remoteKey", "") != ""; })) << diagnose();
  ASSERT_TRUE(NodeWorld::eventually([&] { return qa->log().find("\"sync.sent\"") != std::string::npos; })) << diagnose();

  bool sent = false, started = false;
  for (NodeProcess* n : {qa.get(), dev.get()}) {
    std::string bad;
    const auto lines = json_lines(n->log(), &bad);
    EXPECT_TRUE(bad.empty()) << "not JSON:\n" << bad;
    for (const auto& j : lines) {
      EXPECT_TRUE(j["ts"].is_string() && j["ts"].get<std::string>().rfind("20", 0) == 0) << j;
      EXPECT_TRUE(std::set<std::string>({"info", "warn", "error"}).count(j.value("level", ""))) << j;
      EXPECT_TRUE(j["event"].is_string() && j["message"].is_string()) << j;
      EXPECT_EQ(j.dump().find(words), std::string::npos) << "an issue's text in a log line: " << j;
      started |= j["event"] == "node.started";
      sent |= j["event"] == "sync.sent" && j.value("connection", "") == "qa_to_dev" && j.value("issue", "") == key;
    }
  }
  EXPECT_TRUE(started);
  EXPECT_TRUE(sent) << qa->log();
}

TEST(JsonLogs, ALineIsValidJsonWhateverTheTextAndEveryEventHasAName) {
  node::LogEvent e{node::LogEventId::ChangeBlocked, "qa_to_dev", "QA-7", "bad \xff byte and \"quotes\"\n"};
  const auto j = nlohmann::json::parse(node::json_line(e, 0));
  EXPECT_EQ(j["ts"], "1970-01-01T00:00:00.000+0000");
  EXPECT_EQ(j["level"], "warn");
  EXPECT_EQ(j["event"], "sync.blocked");
  EXPECT_EQ(j["connection"], "qa_to_dev");
  EXPECT_EQ(j["issue"], "QA-7");
  EXPECT_NE(j["message"].get<std::string>().find("\"quotes\""), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(node::json_line({}, 0)).contains("issue")) << "absent, not empty";
  std::set<std::string> names;
  for (size_t i = 0; i < node::kLogEvents; ++i) {
    EXPECT_TRUE(names.insert(node::event_name(static_cast<node::LogEventId>(i))).second) << "one name per event";
  }
}

}  // namespace
}  // namespace twinsync::testkit
