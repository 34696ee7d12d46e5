// node_world.h — end-to-end worlds: embedded trackers, and real nodes (runtime/node) that serve
// them with rule files from examples/, paired through invite/accept and talking over the signed
// HTTP transport on loopback. A recording proxy can sit in front of a node to show exactly which
// bytes cross between organisations.
#pragma once

#include <gtest/gtest.h>

#include <strings.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/demo/demo_report.h"
#include "runtime/jira/client.h"
#include "runtime/net/http.h"
#include "runtime/net/http_server.h"
#include "runtime/node/node.h"
#include "runtime/tracker/tracker.h"
#include "tests/support/run_twinsync.h"
#include "tests/support/temp_dir.h"

namespace twinsync::testkit {

inline std::string examples_dir() { return std::string(TWINSYNC_SOURCE_DIR) + "/examples"; }

/// A user's REST client on one tracker (the admin), through the real connector.
struct TrackerUser {
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<jira::JiraClient> client;

  nlohmann::json call(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) {
    auto r = body.is_null() ? client->transport().get(path)
                            : client->transport().send_json(jira::Call::json(method, path, body, jira::Repeat::OnlyIfUnsent));
    EXPECT_TRUE(r) << method << " " << path << ": " << r.error().message;
    return r ? *r : nlohmann::json();
  }
  std::string create(nlohmann::json fields) {
    if (!fields.contains("issuetype")) fields["issuetype"] = {{"name", "Bug"}};
    auto made = call("POST", "/rest/api/2/issue", {{"fields", fields}});
    return made.is_object() ? made.value("key", "") : "";
  }
  /// The issue as REST v2 shows it (wiki markup, not ADF).
  nlohmann::json issue(const std::string& key) {
    auto r = client->transport().get("/rest/api/2/issue/" + key);
    return r ? *r : nlohmann::json();
  }
  /// The issue's field `name` as the v2 REST API shows it (null when the issue is missing).
  nlohmann::json field(const std::string& key, const std::string& name) {
    auto j = issue(key);
    return j.is_object() && j["fields"].contains(name) ? j["fields"][name] : nlohmann::json();
  }
  std::vector<std::string> comment_bodies(const std::string& key) {
    std::vector<std::string> out;
    auto c = field(key, "comment");
    if (c.is_object()) {
      for (const auto& x : c["comments"]) out.push_back(x.value("body", ""));
    }
    return out;
  }
  std::vector<std::string> attachment_names(const std::string& key) {
    std::vector<std::string> out;
    auto a = field(key, "attachment");
    if (a.is_array()) {
      for (const auto& x : a) out.push_back(x.value("filename", ""));
    }
    return out;
  }
  std::string status(const std::string& key) {
    auto s = field(key, "status");
    return s.is_object() ? s.value("name", "") : "";
  }
  void comment(const std::string& key, const std::string& body) {
    auto r = client->add_comment(key, body);
    EXPECT_TRUE(r) << r.error().message;
  }
  void attach(const std::string& key, const std::string& name, const std::string& bytes) {
    auto r = client->upload_attachment(key, name, "application/octet-stream", bytes);
    EXPECT_TRUE(r) << r.error().message;
  }
  void move_to(const std::string& key, const std::string& status) {
    jira::WantedChanges none;
    auto r = client->move_to_status(key, status, none);
    EXPECT_TRUE(r) << r.error().message;
  }
};

/// Forwards every request to `target` and keeps the bodies of node-to-node event batches.
class RecordingProxy {
 public:
  RecordingProxy() {
    net::ServerOptions so;
    so.host = "127.0.0.1";
    so.port = 0;
    so.worker_threads = 1;
    auto server = net::HttpServer::start(so, [this](const net::HttpRequest& r) { return forward(r); });
    EXPECT_TRUE(server) << server.error().message;
    if (server) server_ = std::move(*server);
  }
  ~RecordingProxy() {
    if (server_) server_->stop();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  void set_target(const std::string& url) {
    std::lock_guard lock(mu_);
    auto endpoint = net::parse_endpoint(url);
    auto client = net::make_http_client(*endpoint);
    EXPECT_TRUE(client);
    client_ = std::move(*client);
  }
  /// Bodies of the event batches that went through, in order.
  std::vector<std::string> batches() {
    std::lock_guard lock(mu_);
    return batches_;
  }

 private:
  net::HttpResponse forward(const net::HttpRequest& r) {
    std::lock_guard lock(mu_);
    if (r.target.find("/events") != std::string::npos) batches_.push_back(r.body);
    net::HttpResponse failed;
    failed.status = 502;
    if (!client_) return failed;
    net::HttpRequest copy = r;
    std::erase_if(copy.headers, [](const auto& h) { return strcasecmp(h.first.c_str(), "Host") == 0; });
    auto answer = client_->send(copy);
    return answer ? *answer : failed;
  }

  std::mutex mu_;
  std::unique_ptr<net::HttpClient> client_;
  std::unique_ptr<net::HttpServer> server_;
  std::vector<std::string> batches_;
};

struct TrackerSpec {
  TrackerSpec(std::string project_key, std::vector<std::string> more = {}, std::vector<std::string> types = {},
              std::vector<std::string> fields = {})
      : project(std::move(project_key)), more_projects(std::move(more)), issue_types(std::move(types)),
        custom_fields(std::move(fields)) {}
  std::string project;
  std::vector<std::string> more_projects, issue_types, custom_fields;
  std::vector<std::string> status_names, priority_names;  // a site with other words for them
};

struct ConnectionSpec {
  ConnectionSpec(std::string connection, std::string rule_file, std::string sync_back_field = {})
      : name(std::move(connection)), rules(std::move(rule_file)), sync_back(std::move(sync_back_field)) {}
  std::string name;
  std::string rules;      // relative to examples/, or an absolute path
  std::string sync_back;  // a custom field that receives the twin's key
};

class NodeWorld {
 public:
  ~NodeWorld() {
    for (auto& [name, n] : nodes_) n->stop();
  }

  tracker::Tracker& add_tracker(const std::string& name, const TrackerSpec& spec) {
    tracker::TrackerOptions o;
    o.db_path = ":memory:";
    o.project_key = spec.project;
    o.project_name = spec.project + " project";
    o.projects = spec.more_projects;
    o.issue_types = spec.issue_types;
    o.custom_fields = spec.custom_fields;
    o.status_names = spec.status_names;
    o.priority_names = spec.priority_names;
    o.webhook_retry_base = std::chrono::milliseconds(50);
    auto t = tracker::Tracker::start(o);
    EXPECT_TRUE(t) << t.error().message;
    tracker::Tracker& ref = **t;
    trackers_[name] = std::move(*t);
    return ref;
  }

  /// The two trackers of examples/outsourced_qa: "blue" (project QA) and "green" (project DEV).
  void add_qa_dev_trackers() {
    add_tracker("blue", {"QA"});
    add_tracker("green", {"DEV"});
  }

  TrackerUser user(const std::string& tracker_name) {
    tracker::Tracker& t = *trackers_.at(tracker_name);
    auto u = demo::user_client(t.base_url(), t.seeded_admin()->email, t.seeded_admin()->api_token);
    EXPECT_TRUE(u) << u.error().message;
    if (!u) std::abort();
    return TrackerUser{std::move(u->http), std::move(u->client)};
  }

  /// A node serving tracker `tracker_name`, with a master key, a store file and webhooks.
  node::Node& add_node(const std::string& name, const std::string& tracker_name,
                       const std::vector<ConnectionSpec>& connections, const std::string& public_url = "") {
    tracker::Tracker& t = *trackers_.at(tracker_name);
    const std::string token_env = "TWINSYNC_E2E_" + name + "_TOKEN";
    const std::string key_env = "TWINSYNC_E2E_" + name + "_MASTER";
    ::setenv(token_env.c_str(), t.seeded_admin()->api_token.c_str(), 1);
    ::setenv(key_env.c_str(), "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1);
    node::NodeConfig c;
    c.name = name;
    c.listen = "127.0.0.1:0";
    c.public_url = public_url;
    c.store = dir_.file(name + ".db");
    c.master_key.env = key_env;
    c.workers = 2;
    c.tracker.url = t.base_url();
    c.tracker.user = t.seeded_admin()->email;
    c.tracker.token.env = token_env;
    c.tracker.poll_seconds = 2;  // the safety net; webhooks carry the changes
    c.tracker.register_webhook = true;
    for (const ConnectionSpec& spec : connections) {
      node::ConnectionConfig cc;
      cc.name = spec.name;
      cc.rules = spec.rules.rfind('/', 0) == 0 ? spec.rules : examples_dir() + "/" + spec.rules;
      cc.sync_back = spec.sync_back;
      c.connections.push_back(cc);
    }
    if (tweak_config) tweak_config(c);
    configs_[name] = c;
    return start_node(name);
  }

  /// Applied to every node's configuration and options before it starts (tests that need a
  /// setting NodeWorld does not make, or a tracker reached through a proxy).
  std::function<void(node::NodeConfig&)> tweak_config;
  std::function<void(node::NodeOptions&)> tweak_options;

  /// Stops a node (its store stays); restart_node brings it back on the same port and store.
  void stop_node(const std::string& name) { nodes_.at(name)->stop(); }
  node::Node& restart_node(const std::string& name) {
    node::NodeConfig& c = configs_.at(name);
    c.listen = nodes_.at(name)->listen_url().substr(std::string("http://").size());
    nodes_.at(name)->stop();
    nodes_.erase(name);
    return start_node(name);
  }

  /// A file in the world's temporary directory.
  std::string file(const std::string& name, const std::string& text) {
    const std::string path = dir_.file(name);
    std::FILE* f = std::fopen(path.c_str(), "w");
    EXPECT_NE(f, nullptr);
    if (f) {
      std::fputs(text.c_str(), f);
      std::fclose(f);
    }
    return path;
  }

  /// Every line the nodes logged so far.
  std::vector<std::string> logs() {
    std::lock_guard lock(log_mu_);
    return logs_;
  }

  node::Node& node(const std::string& name) { return *nodes_.at(name); }

  /// Every node's open errors and pending events, for a failing assertion's message.
  std::string diagnose() {
    std::string out;
    for (auto& [name, n] : nodes_) {
      if (auto errors = n->errors()) {
        for (const auto& e : *errors) out += name + " error: " + e.connection + " " + e.local_key + ": " + e.message + "\n";
      }
      if (auto status = n->status()) {
        for (const auto& c : *status) {
          out += name + "/" + c.name + ": out " + std::to_string(c.pending_out) + ", in " + std::to_string(c.pending_in) +
                 ", peer " + c.peer + "\n";
        }
      }
    }
    return out;
  }

  /// Pairs two nodes the way two admins would: an invitation from one, accepted by the other.
  void pair(node::Node& initiator, const std::string& connection, node::Node& acceptor,
            const std::string& acceptor_connection) {
    auto code = initiator.invite(connection, std::chrono::seconds(600));
    ASSERT_TRUE(code) << code.error().message;
    auto peer = acceptor.accept_invitation(*code, acceptor_connection);
    ASSERT_TRUE(peer) << peer.error().message;
  }

  /// The same through the operator's commands: `twinsync invite` on one node's admin API, the
  /// code read by `twinsync accept` from stdin on the other's.
  void pair_with_commands(node::Node& initiator, const std::string& connection, node::Node& acceptor,
                          const std::string& acceptor_connection) {
    auto invite = run_twinsync("invite " + connection + cli_target(initiator) + " --ttl 10m 2>/dev/null");
    ASSERT_EQ(invite.status, 0) << invite.out;
    const std::string code = invite.out.substr(0, invite.out.find('\n'));
    ASSERT_EQ(code.rfind("tsi1.", 0), 0u) << invite.out;
    auto accept = run_twinsync("accept" + cli_target(acceptor) + " --connection " + acceptor_connection + " < " +
                               file("code.txt", code));
    ASSERT_EQ(accept.status, 0) << accept.out;
    EXPECT_NE(accept.out.find("paired: connection " + acceptor_connection), std::string::npos) << accept.out;
  }

  /// QA's node on tracker "blue" and the developers' on "green" (both added before), running
  /// examples/outsourced_qa and paired: the world most end-to-end tests start from.
  struct QaDevNodes {
    node::Node& qa;
    node::Node& dev;
  };
  enum class Pairing { ByApi, ByCommands };
  QaDevNodes outsourced_qa(Pairing how = Pairing::ByApi) {
    node::Node& qa = add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
    node::Node& dev = add_node("dev", "green", {{"dev_from_qa", "outsourced_qa/dev.sync"}});
    if (how == Pairing::ByCommands) {
      pair_with_commands(dev, "dev_from_qa", qa, "qa_to_dev");
    } else {
      pair(dev, "dev_from_qa", qa, "qa_to_dev");
    }
    return {qa, dev};
  }

  /// " --node URL --token-file FILE": how the operator's commands reach node `n`.
  std::string cli_target(node::Node& n) {
    auto token = n.admin_token();
    EXPECT_TRUE(token) << token.error().message;
    const std::string path = dir_.file(n.name() + ".cli-token");
    {
      std::ofstream out(path, std::ios::trunc);
      out << (token ? *token : std::string()) << "\n";
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::replace);
    return " --node " + n.listen_url() + " --token-file " + path;
  }

  /// Waits until `done` holds, up to `timeout`; false when it never did.
  static bool eventually(const std::function<bool()>& done, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return done();
  }

  /// The twin of `key` on `connection` of `n`, once it has one.
  static std::string twin_of(node::Node& n, const std::string& key) {
    std::string twin;
    eventually([&] {
      auto s = n.issue_status(key);
      if (s && !s->empty() && !(*s)[0].remote_key.empty()) twin = (*s)[0].remote_key;
      return !twin.empty();
    });
    return twin;
  }

 private:
  node::Node& start_node(const std::string& name) {
    node::NodeOptions no;
    no.log = [this, name](const std::string& line) {
      if (std::getenv("TWINSYNC_E2E_LOG")) std::fprintf(stderr, "[%s] %s\n", name.c_str(), line.c_str());
      std::lock_guard lock(log_mu_);
      logs_.push_back(line);
    };
    if (tweak_options) tweak_options(no);
    auto n = node::Node::start(configs_.at(name), no);
    EXPECT_TRUE(n) << n.error().message;
    if (!n) std::abort();
    node::Node& ref = **n;
    nodes_[name] = std::move(*n);
    return ref;
  }

  TempDir dir_;
  std::map<std::string, node::NodeConfig> configs_;
  std::mutex log_mu_;
  std::vector<std::string> logs_;
  std::map<std::string, std::unique_ptr<tracker::Tracker>> trackers_;
  std::map<std::string, std::unique_ptr<node::Node>> nodes_;
};

}  // namespace twinsync::testkit
