// api_cost_world.h — what a synced change costs in tracker requests, counted by the trackers
// themselves: two embedded trackers whose every answered request is noted with its route and
// account, two nodes (examples/outsourced_qa, webhooks on, poll as the safety net) paired over
// the signed transport, and people who are not the nodes' account making the changes. Shared
// by bench_api_cost (BENCHMARKS.md) and the e2e test that keeps the counts from growing back.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "runtime/demo/demo_report.h"
#include "runtime/jira/client.h"
#include "runtime/node/node.h"
#include "runtime/tracker/tracker.h"
#include "runtime/transport/master_key.h"

namespace twinsync::testkit {

/// Requests by kind: "get", "search", "create", "edit", "comment", "transition", "remote link",
/// "attachment", "other".
using RequestCounts = std::map<std::string, double>;

inline std::string request_kind(const tracker::RequestNote& n) {
  const std::string& r = n.route;
  auto ends = [&](const std::string& tail) { return r.size() >= tail.size() && r.compare(r.size() - tail.size(), tail.size(), tail) == 0; };
  if (r.find("/remotelink") != std::string::npos) return "remote link";
  if (r.find("/comment") != std::string::npos) return "comment";
  if (r.find("/transitions") != std::string::npos) return "transition";
  if (r.find("/search") != std::string::npos) return "search";
  if (r.find("attachment") != std::string::npos) return "attachment";
  if (ends("/issue")) return n.method == "POST" ? "create" : "other";
  if (ends("/issue/{key}")) return n.method == "GET" ? "get" : n.method == "PUT" ? "edit" : "other";
  return "other";
}

class ApiCostWorld {
 public:
  /// `dev_coalesce_ms` >= 0 is DEV's node's coalescing window (else the node file's default).
  /// `nodes_now` false: the trackers only, until start_nodes() (issues made before it send the
  /// nodes no webhook). `issue_comment_page` > 0: both trackers put at most that many comments in
  /// an issue's `comment` field, as Jira Cloud cuts it short (TrackerOptions).
  explicit ApiCostWorld(const std::string& examples_dir, int poll_seconds = 30, int dev_coalesce_ms = -1,
                        bool nodes_now = true, std::int64_t issue_comment_page = 0)
      : examples_(examples_dir), poll_seconds_(poll_seconds), dev_coalesce_ms_(dev_coalesce_ms),
        issue_comment_page_(issue_comment_page) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("twinsync-api-cost-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    blue_ = start_tracker("QA", "tester");
    green_ = start_tracker("DEV", "developer");
    tester = person(*blue_, "tester");
    developer = person(*green_, "developer");
    if (nodes_now) start_nodes();
  }
  void start_nodes() {
    qa_ = start_node("qa", *blue_, "qa_to_dev", "qa.sync", poll_seconds_);
    dev_ = start_node("dev", *green_, "dev_from_qa", "dev.sync", poll_seconds_);
    auto code = dev_->invite("dev_from_qa", std::chrono::minutes(5));
    if (!code || !qa_->accept_invitation(*code, "qa_to_dev")) throw std::runtime_error("the nodes could not pair");
  }
  ~ApiCostWorld() {
    if (qa_) qa_->stop();
    if (dev_) dev_->stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  node::Node& qa() { return *qa_; }
  /// A client signed in as QA's node account: someone using the dedicated account by hand.
  demo::UserClient node_account_on_qa() { return node_account_on(*blue_); }
  demo::UserClient node_account_on_dev() { return node_account_on(*green_); }
  node::Node& dev() { return *dev_; }
  demo::UserClient tester, developer;

  /// The nodes' own requests on both trackers, by tracker ("QA"/"DEV") and kind, so far.
  std::map<std::string, RequestCounts> counts() {
    std::lock_guard lock(mu_);
    return counts_;
  }
  /// Waits until `done` holds and both nodes are idle; false on timeout.
  bool settle(const std::function<bool()>& done, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return qa_->wait_idle(std::chrono::seconds(30)) && dev_->wait_idle(std::chrono::seconds(30)) &&
           qa_->wait_idle(std::chrono::seconds(30));
  }
  /// Every webhook of both trackers delivered (each notice is then in a node's hands).
  bool webhooks_delivered() { return !blue_->webhooks_pending() && !green_->webhooks_pending(); }
  std::string twin_of(const std::string& key) {
    auto s = qa_->issue_status(key);
    return s && !s->empty() ? (*s)[0].remote_key : std::string();
  }

  /// Counts after minus counts before, divided by `n`: requests per synced change.
  static std::map<std::string, RequestCounts> per_change(const std::map<std::string, RequestCounts>& before,
                                                         const std::map<std::string, RequestCounts>& after, double n) {
    std::map<std::string, RequestCounts> out;
    for (const auto& [tracker, kinds] : after) {
      for (const auto& [kind, count] : kinds) {
        double was = 0;
        if (auto t = before.find(tracker); t != before.end()) {
          if (auto k = t->second.find(kind); k != t->second.end()) was = k->second;
        }
        if (count - was > 0) out[tracker][kind] = (count - was) / n;
      }
    }
    return out;
  }
  static double total(const std::map<std::string, RequestCounts>& c) {
    double sum = 0;
    for (const auto& [tracker, kinds] : c) {
      for (const auto& [kind, n] : kinds) sum += n;
    }
    return sum;
  }

 private:
  static demo::UserClient node_account_on(tracker::Tracker& t) {
    auto u = demo::user_client(t.base_url(), t.seeded_admin()->email, t.seeded_admin()->api_token);
    if (!u) throw std::runtime_error(u.error().message);
    return std::move(*u);
  }
  std::unique_ptr<tracker::Tracker> start_tracker(const std::string& project, const std::string& person) {
    tracker::TrackerOptions o;
    o.db_path = ":memory:";
    o.project_key = project;
    o.project_name = project;
    o.webhook_retry_base = std::chrono::milliseconds(100);
    o.issue_comment_page = issue_comment_page_;
    o.users = {person + ":" + person + "@example.com:" + person + "-token-for-cost"};
    o.observe = [this, project](const tracker::RequestNote& n) {
      if (n.account != "admin") return;  // the nodes act as the admin; people are others
      std::lock_guard lock(mu_);
      counts_[project][request_kind(n)] += 1;
    };
    auto t = tracker::Tracker::start(o);
    if (!t) throw std::runtime_error(t.error().message);
    return std::move(*t);
  }
  static demo::UserClient person(tracker::Tracker& t, const std::string& name) {
    auto u = demo::user_client(t.base_url(), name + "@example.com", name + "-token-for-cost");
    if (!u) throw std::runtime_error(u.error().message);
    return std::move(*u);
  }
  std::unique_ptr<node::Node> start_node(const std::string& name, tracker::Tracker& t, const std::string& connection,
                                         const std::string& rules, int poll_seconds) {
    const std::string token = "TWINSYNC_COST_" + name + "_TOKEN", master = "TWINSYNC_COST_" + name + "_MASTER";
    ::setenv(token.c_str(), t.seeded_admin()->api_token.c_str(), 1);
    auto key = transport::generate_master_key_text();
    if (!key) throw std::runtime_error(key.error().message);
    ::setenv(master.c_str(), key->c_str(), 1);
    node::NodeConfig c;
    c.name = name;
    c.store = (dir_ / (name + ".db")).string();
    c.master_key.env = master;
    c.tracker.url = t.base_url();
    c.tracker.user = t.seeded_admin()->email;
    c.tracker.token.env = token;
    c.tracker.poll_seconds = poll_seconds;
    c.tracker.register_webhook = true;
    c.tracker.dedicated_account = true;  // as the operator guide recommends
    if (name == "dev" && dev_coalesce_ms_ >= 0) c.tracker.coalesce_ms = dev_coalesce_ms_;
    node::ConnectionConfig cc;
    cc.name = connection;
    cc.rules = examples_ + "/outsourced_qa/" + rules;
    c.connections.push_back(cc);
    node::NodeOptions no;
    no.log = [name](const std::string& line) {
      if (std::getenv("TWINSYNC_COST_LOG")) std::fprintf(stderr, "[%s] %s\n", name.c_str(), line.c_str());
    };
    auto n = node::Node::start(c, no);
    if (!n) throw std::runtime_error(n.error().message);
    return std::move(*n);
  }

  std::string examples_;
  int poll_seconds_ = 30;
  int dev_coalesce_ms_ = -1;
  std::int64_t issue_comment_page_ = 0;
  std::filesystem::path dir_;
  std::mutex mu_;
  std::map<std::string, RequestCounts> counts_;
  std::unique_ptr<tracker::Tracker> blue_, green_;
  std::unique_ptr<node::Node> qa_, dev_;
};

/// One measured kind of change: what it cost per synced change, and the issue's goal.
struct CostRow {
  std::string change;
  int changes = 0;
  std::map<std::string, RequestCounts> per_change;  // by tracker and kind
  double total = 0;
  double goal = 0;  // 0: no goal set
  bool settled = true;
};

namespace cost_detail {

inline nlohmann::json call(demo::UserClient& u, const std::string& method, const std::string& path,
                           const nlohmann::json& body) {
  auto r = u.client->transport().send_json(jira::Call::json(method, path, body, jira::Repeat::OnlyIfUnsent));
  return r ? *r : nlohmann::json();
}

inline size_t count_of(demo::UserClient& u, const std::string& key, const std::string& field) {
  auto j = u.client->transport().get("/rest/api/2/issue/" + key + "?fields=" + field);
  if (!j || !j->is_object()) return 0;
  const auto& f = (*j)["fields"][field];
  if (f.is_array()) return f.size();
  if (f.is_object() && f.contains("comments")) return f["comments"].size();
  return 0;
}

inline std::string text_of(demo::UserClient& u, const std::string& key, const std::string& field) {
  auto j = u.client->transport().get("/rest/api/2/issue/" + key + "?fields=" + field);
  if (!j || !j->is_object()) return {};
  const auto& f = (*j)["fields"][field];
  if (f.is_string()) return f;
  if (f.is_object() && f.contains("name")) return f["name"];
  return {};
}

// Runs `change` on each issue, waits until `arrived` holds for all and the nodes are idle, and
// counts the nodes' requests in between.
inline CostRow measure(ApiCostWorld& w, const std::string& name, double goal, const std::vector<std::string>& keys,
                       const std::function<void(const std::string&)>& change,
                       const std::function<bool(const std::string&)>& arrived) {
  CostRow row{name, static_cast<int>(keys.size()), {}, 0, goal, true};
  const auto before = w.counts();
  for (const std::string& k : keys) change(k);
  row.settled = w.settle([&] {
    for (const std::string& k : keys) {
      if (!arrived(k)) return false;
    }
    return true;
  });
  row.per_change = ApiCostWorld::per_change(before, w.counts(), static_cast<double>(keys.size()));
  row.total = ApiCostWorld::total(row.per_change);
  return row;
}

}  // namespace cost_detail

/// The five changes of the API-cost issue, `n` issues each, in one world: a bug created with two
/// comments, a summary edit, a new comment, a status change that takes three transitions on QA's
/// side, and an attachment.
inline std::vector<CostRow> measure_api_cost(ApiCostWorld& w, int n) {
  using namespace cost_detail;
  std::vector<CostRow> rows;
  std::vector<std::string> keys(static_cast<size_t>(n));
  std::map<std::string, std::string> twin;
  auto dev_key = [&](const std::string& k) {
    if (twin[k].empty()) twin[k] = w.twin_of(k);
    return twin[k];
  };
  size_t i = 0;
  rows.push_back(measure(
      w, "a bug created with 2 comments", 5, std::vector<std::string>(static_cast<size_t>(n)),
      [&](const std::string&) {
        auto made = call(w.tester, "POST", "/rest/api/2/issue",
                         {{"fields", {{"project", {{"key", "QA"}}}, {"issuetype", {{"name", "Bug"}}},
                                      {"summary", "cost " + std::to_string(i)}, {"labels", {"vetted"}}}}});
        const std::string key = made.is_object() ? made.value("key", "") : "";
        keys[i++] = key;
        (void)w.tester.client->add_comment(key, "first comment");
        (void)w.tester.client->add_comment(key, "second comment");
      },
      [&](const std::string&) {
        for (const std::string& k : keys) {
          if (k.empty() || dev_key(k).empty() || count_of(w.developer, dev_key(k), "comment") < 2) return false;
        }
        return true;
      }));
  rows.push_back(measure(
      w, "a summary edit", 2, keys,
      [&](const std::string& k) { call(w.tester, "PUT", "/rest/api/2/issue/" + k, {{"fields", {{"summary", "edited " + k}}}}); },
      [&](const std::string& k) { return text_of(w.developer, dev_key(k), "summary") == "edited " + k; }));
  rows.push_back(measure(
      w, "a new comment", 2, keys, [&](const std::string& k) { (void)w.tester.client->add_comment(k, "third comment"); },
      [&](const std::string& k) { return count_of(w.developer, dev_key(k), "comment") >= 3; }));
  rows.push_back(measure(
      w, "a status change (3 transitions on QA)", 0, keys,
      [&](const std::string& k) {
        jira::WantedChanges none;
        (void)w.developer.client->move_to_status(dev_key(k), "Done", none);
      },
      [&](const std::string& k) { return text_of(w.tester, k, "status") == "Done"; }));
  rows.push_back(measure(
      w, "an attachment", 0, keys,
      [&](const std::string& k) { (void)w.tester.client->upload_attachment(k, "log.txt", "text/plain", std::string(1024, 'l')); },
      [&](const std::string& k) { return count_of(w.developer, dev_key(k), "attachment") >= 1; }));
  return rows;
}

}  // namespace twinsync::testkit
