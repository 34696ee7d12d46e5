// GET /metrics in the Prometheus text format, parsed line by line as a scraper would, after a
// change synced between two nodes; the token guards it on `listen`, a metricsListen serves it
// (and health, nothing else) without one; /healthz and /readyz answer orchestrators.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// The text format (0.0.4): HELP and TYPE before a family's samples, names and labels as the format
// allows, numbers that parse; histograms cumulative with +Inf equal to _count. Failures are listed.
std::vector<Sample> parse_exposition(const std::string& text, std::vector<std::string>& problems) {
  static const std::regex kHelp(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*$)");
  static const std::regex kType(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$)");
  static const std::regex kSample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$)");
  static const std::regex kLabel(R"re(([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)")re");
  std::map<std::string, std::string> types;
  std::set<std::string> helped;
  std::vector<Sample> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) {
      helped.insert(m[1]);
    } else if (std::regex_match(line, m, kType)) {
      if (types.count(m[1])) problems.push_back("line " + std::to_string(n) + ": TYPE twice for " + std::string(m[1]));
      types[m[1]] = m[2];
    } else if (std::regex_match(line, m, kSample)) {
      Sample s;
      s.name = m[1];
      const std::string labels = m[3];
      for (std::sregex_iterator it(labels.begin(), labels.end(), kLabel), end; it != end; ++it) s.labels[(*it)[1]] = (*it)[2];
      const std::string v = m[4];
      try {
        s.value = v == "+Inf" ? INFINITY : std::stod(v);
      } catch (...) {
        problems.push_back("line " + std::to_string(n) + ": not a number: " + v);
      }
      std::string family = s.name;
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string sfx = suffix;
        if (!types.count(family) && family.size() > sfx.size() && family.compare(family.size() - sfx.size(), sfx.size(), sfx) == 0) {
          family = family.substr(0, family.size() - sfx.size());
        }
      }
      if (!types.count(family) || !helped.count(family)) problems.push_back("line " + std::to_string(n) + ": no HELP/TYPE before " + s.name);
      out.push_back(std::move(s));
    } else {
      problems.push_back("line " + std::to_string(n) + ": not the text format: " + line);
    }
  }
  return out;
}

double value_of(const std::vector<Sample>& samples, const std::string& name, const std::map<std::string, std::string>& labels) {
  double sum = 0;
  bool found = false;
  for (const Sample& s : samples) {
    if (s.name != name) continue;
    bool match = true;
    for (const auto& [k, v] : labels) match &= s.labels.count(k) && s.labels.at(k) == v;
    if (match) sum += s.value, found = true;
  }
  return found ? sum : -1;
}

net::HttpResponse get(const std::string& url, const std::string& path, const std::string& token = "") {
  auto client = net::make_http_client(*net::parse_endpoint(url));
  net::HttpRequest r{"GET", path, {}, ""};
  if (!token.empty()) r.headers.push_back({"Authorization", "Bearer " + token});
  auto answer = (*client)->send(r);
  return answer ? *answer : net::HttpResponse{0, {}, ""};
}

TEST(Metrics, ThePageParsesAndCountsWhatSynced) {
  NodeWorld w;
  w.add_qa_dev_trackers();
  w.tweak_config = [](node::NodeConfig& c) {
    if (c.name == "dev") c.metrics_listen = "127.0.0.1:0";
  };
  auto [qa, dev] = w.outsourced_qa();
  TrackerUser tester = w.user("blue");
  const std::string bug = tester.create({{"project", {{"key", "QA"}}}, {"summary", "Counted"}, {"labels", {"vetted"}}});
  ASSERT_FALSE(NodeWorld::twin_of(qa, bug).empty()) << w.diagnose();
  ASSERT_TRUE(qa.wait_idle(std::chrono::seconds(30)) && dev.wait_idle(std::chrono::seconds(30)));

  // On `listen`: the token, as for the admin API.
  EXPECT_EQ(get(qa.listen_url(), "/metrics").status, 401);
  auto page = get(qa.listen_url(), "/metrics", *qa.admin_token());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.headers.empty(), true);
  std::vector<std::string> problems;
  auto samples = parse_exposition(page.body, problems);
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems) << "\n" << page.body;
  EXPECT_EQ(value_of(samples, "twinsync_changes_sent_total", {{"connection", "qa_to_dev"}}), 1) << page.body;
  EXPECT_EQ(value_of(samples, "twinsync_outbox_pending", {{"connection", "qa_to_dev"}}), 0);
  EXPECT_EQ(value_of(samples, "twinsync_twins", {{"connection", "qa_to_dev"}, {"state", "synchronized"}}), 1);
  EXPECT_GE(value_of(samples, "twinsync_tracker_requests_total", {{"kind", "issue_read"}, {"status", "200"}}), 1);
  EXPECT_GT(value_of(samples, "twinsync_store_bytes", {}), 0);
  EXPECT_EQ(value_of(samples, "twinsync_up", {}), 1);
  EXPECT_EQ(page.body.find(bug), std::string::npos) << "no issue key in a label";

  // On metricsListen: no token, and nothing but metrics and health.
  ASSERT_FALSE(dev.metrics_url().empty());
  auto open = get(dev.metrics_url(), "/metrics");
  ASSERT_EQ(open.status, 200);
  problems.clear();
  samples = parse_exposition(open.body, problems);
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
  EXPECT_EQ(value_of(samples, "twinsync_changes_applied_total", {{"connection", "dev_from_qa"}}), 1) << open.body;
  EXPECT_EQ(value_of(samples, "twinsync_change_to_twin_seconds_count", {{"connection", "dev_from_qa"}}), 1);
  EXPECT_EQ(value_of(samples, "twinsync_change_to_twin_seconds_bucket", {{"connection", "dev_from_qa"}, {"le", "+Inf"}}), 1);
  EXPECT_GE(value_of(samples, "twinsync_tracker_requests_total", {{"kind", "issue_create"}}), 1);
  EXPECT_EQ(get(dev.metrics_url(), "/admin/v1/status").status, 404);
  EXPECT_EQ(get(dev.metrics_url(), "/webhooks/jira/x").status, 404);
  EXPECT_EQ(get(dev.metrics_url(), "/readyz").status, 200);

  // Health for orchestrators: no token, nothing told.
  auto health = get(qa.listen_url(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "{\"status\":\"ok\"}");
  EXPECT_EQ(get(qa.listen_url(), "/readyz").status, 200);
}

TEST(Metrics, RequestKindsNeverCarryAnIssueKey) {
  using node::NodeMetrics;
  EXPECT_EQ(NodeMetrics::request_kind("GET", "/rest/api/2/issue/QA-1?fields=*all"), "issue_read");
  EXPECT_EQ(NodeMetrics::request_kind("PUT", "/rest/api/2/issue/QA-1"), "issue_edit");
  EXPECT_EQ(NodeMetrics::request_kind("POST", "/rest/api/2/issue"), "issue_create");
  EXPECT_EQ(NodeMetrics::request_kind("POST", "/rest/api/3/search/jql"), "search");
  EXPECT_EQ(NodeMetrics::request_kind("POST", "/rest/api/2/issue/QA-1/comment"), "comment");
  EXPECT_EQ(NodeMetrics::request_kind("POST", "/rest/api/2/issue/QA-1/transitions"), "transition");
  EXPECT_EQ(NodeMetrics::request_kind("POST", "/rest/api/2/issue/QA-1/remotelink"), "remote_link");
  EXPECT_EQ(NodeMetrics::request_kind("GET", "/rest/api/2/myself"), "other");
  EXPECT_EQ(node::metric_line("m", {{"a", "x\"y\\z\nw"}}, 2), "m{a=\"x\\\"y\\\\z\\nw\"} 2\n");
}

}  // namespace
}  // namespace twinsync::testkit
