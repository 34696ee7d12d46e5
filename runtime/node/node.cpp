// node.cpp — starting and stopping a node, its incoming lanes and senders (changes from its own
// tracker come in through node_intake.cpp).
#include "runtime/node/node.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/support/encoding.h"
#include "compiler/support/thread_name.h"
#include "compiler/vm/datetime.h"
#include "runtime/console/console.h"
#include "runtime/jira/schema_from_catalog.h"
#include "runtime/jira/webhook.h"
#include "runtime/node/node_secrets.h"
#include "runtime/node/local_link.h"
#include "runtime/transport/crypto.h"
#include "runtime/transport/master_key.h"
#include "runtime/transport/wire.h"

namespace twinsync::node {
namespace {

std::string resolve_path(const std::string& base, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute() || base.empty()) return path;
  return (std::filesystem::path(base) / path).string();
}

sync::EngineOptions engine_options(const ConnectionConfig& c, size_t max_attachment_bytes) {
  sync::EngineOptions o;
  for (const auto& [field, policy] : c.conflict) {
    auto p = sync::parse_policy(policy);
    if (!p) continue;
    if (field == "default") {
      o.conflicts.fallback = *p;
    } else {
      o.conflicts.by_field[field] = *p;
    }
  }
  o.sync_back_field = c.sync_back;
  o.twin_url = c.twin_url;
  o.max_attachment_bytes = max_attachment_bytes;
  return o;
}

bool deleted_in_store(store::SyncStore& store, int64_t id) {
  auto tx = store.begin();
  if (!tx) return false;
  auto rows = store.connections(*tx);
  (void)tx->commit();
  if (!rows) return false;
  for (const store::ConnectionRow& row : *rows) {
    if (row.id == id) return row.deleted_ms != 0;
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<Node>> Node::start(NodeConfig config, NodeOptions options) {
  std::unique_ptr<Node> node(new Node(std::move(config), std::move(options)));
  if (auto ok = node->open(); !ok) return ok.error();
  return node;
}

Status Node::open() {
  // The store first: a foreign or newer store stops the node before anything talks to a tracker.
  auto st = store::SyncStore::open(resolve_path(config_.base_dir, config_.store));
  if (!st) return st.error();  // names the file and what is wrong with it
  store_ = std::move(*st);
  // The admin API is never open and webhooks are never taken on trust: without configured
  // secrets, the node makes its own beside the store.
  const auto say = [this](const std::string& line) { log(line); };
  auto admin = ensure_secret(config_.admin_token, store_->path(), ".admin-token", "admin token", say);
  if (!admin) return reworded(admin.error(), "node " + config_.name + ": " + admin.error().message);
  admin_token_ = std::move(*admin);
  auto hook = ensure_secret(config_.webhook_secret, store_->path(), ".webhook-secret", "webhook secret", say);
  if (!hook) return reworded(hook.error(), "node " + config_.name + ": " + hook.error().message);
  webhook_secret_ = std::move(*hook);
  // Read once: deliveries are checked on the HTTP server's I/O thread, which reads no files.
  auto hook_text = webhook_secret_.read();
  if (!hook_text) return reworded(hook_text.error(), "node " + config_.name + ": the webhook secret: " + hook_text.error().message);
  webhook_secret_text_ = std::move(*hook_text);

  auto tracker = connect_tracker();
  if (!tracker) return tracker.error();
  // A connection per thread that calls the tracker (the outgoing loop, each incoming lane, one
  // spare for operators and the poller's own aside), made when first needed.
  auto more = [this]() -> Result<JiraPort::Connection> {
    auto t = connect_tracker(&port_->client());
    if (!t) return t.error();
    return JiraPort::Connection{std::move(t->http), std::move(t->client)};
  };
  port_ = std::make_unique<JiraPort>(std::move(tracker->http), std::move(tracker->client), "", more,
                                     static_cast<size_t>(config_.workers) + 2);
  // The node's own account, learned with the tracker's other facts at start rather than by the
  // first change that needs it (its comments are told by it); asked again later if this fails.
  (void)port_->sync_user();

  const Schema schema = jira::schema_from_catalog(port_->client().catalog());
  for (const ConnectionConfig& cc : config_.connections) {
    auto c = std::make_unique<Connection>();
    c->config = cc;
    c->engine = std::make_unique<sync::ConnectionEngine>(cc.name, *store_, *port_, engine_options(cc, config_.max_attachment_bytes));
    if (!c->engine->id()) return make_error("connection " + cc.name + " could not be recorded in the store", ErrorKind::Store);
    if (deleted_in_store(*store_, c->engine->id())) {
      // Deleted by an operator: it stays stopped whatever the node file says.
      c->engine->retire();
      log(LogEventId::ConnectionDeleted, "connection " + cc.name + " was deleted; it does not run (remove it from the node file)",
          cc.name);
      connections_.push_back(std::move(c));
      continue;
    }
    if (auto ok = load_rules(*c, schema); !ok) return ok;
    c->engine->on_outbox([this, name = cc.name] {
      {
        std::lock_guard lock(mu_);
        ++sender_epoch_;
        sender_cv_.notify_all();
      }
      if (transport_) transport_->notify(name);
    });
    c->engine->on_local_change_needed([this](const std::string& key) { local_change(key); });
    c->engine->on_change_latency([this, name = cc.name](int64_t ms) { metrics_.change_latency(name, ms); });
    // With several connections, another one may sync the new issue too, from the same read.
    c->engine->on_local_change_read([this](const std::string& key, const Value& issue) { local_change_read(key, issue); });
    c->engine->on_local_writes([this, name = cc.name](const std::string& key, bool begin) { local_writes(key, begin, name); });
    if (config_.tracker.dedicated_account) {
      // Only with a dedicated account are the node's own writes told apart from everyone else's.
      c->engine->trust_local_notices({[this] { return notice_clock_.load(); },
                                      [this, name = cc.name](const std::string& key, uint64_t stamp, int64_t known_version) {
                                        return quiet_since(key, stamp, name, known_version);
                                      }});
    }
    connections_.push_back(std::move(c));
  }
  if (auto ok = open_transport(); !ok) return ok;

  if (options_.serve_http) {
    // The operator's console, behind the same gate as the admin API (runtime/console).
    console::ConsoleOptions co;
    co.gate = [this] { return admin_gate(); };
    co.secure_cookie = config_.public_url.rfind("https://", 0) == 0;
    console_ = std::make_shared<console::Console>(*this, std::move(co));
    auto address = parse_listen(config_.listen);
    if (!address) return make_error("node " + config_.name + ": " + address.error().message, ErrorKind::Config);
    net::ServerOptions so;
    so.host = address->host;
    so.port = address->port;
    so.worker_threads = 2;
    so.thread_name = "node-http";
    // An event batch may carry files up to the attachment limit; nothing else comes near it:
    // admin requests are small JSON, a Jira webhook delivery is one issue.
    so.max_body_bytes = transport::wire_limits_for(config_.max_attachment_bytes).max_body_bytes + 64 * 1024;
    so.body_limit = [](const std::string&, const std::string& target) -> size_t {
      if (target.rfind("/twinsync/", 0) == 0) return 0;
      if (target.rfind("/webhooks/", 0) == 0) return size_t{4} << 20;
      return size_t{1} << 20;
    };
    // A webhook delivery is a notice noted in memory (node_intake.cpp): Jira sends one per event,
    // so on the I/O thread it costs no wake-up of a worker.
    so.answer_inline = is_webhook_delivery;
    so.error_response = [](int status, std::string message) {
      net::HttpResponse r;
      r.status = status;
      r.headers.emplace_back("Content-Type", "application/json");
      r.body = nlohmann::json{{"error", std::move(message)}}.dump();
      return r;
    };
    auto server = net::HttpServer::start(so, [this](const net::HttpRequest& r) { return handle_http(r); });
    if (!server) return make_error("cannot listen on " + config_.listen + ": " + server.error().message, ErrorKind::Network);
    server_ = std::move(*server);
  }
  if (options_.serve_http && !config_.metrics_listen.empty()) {
    // A listener of its own for the scraper: /metrics, /healthz and /readyz without the token,
    // nothing else (the admin API and webhooks stay on `listen`).
    auto address = parse_listen(config_.metrics_listen);
    if (!address) return make_error("node " + config_.name + ": metricsListen: " + address.error().message, ErrorKind::Config);
    net::ServerOptions so;
    so.host = address->host;
    so.port = address->port;
    so.worker_threads = 1;
    so.thread_name = "node-metrics";
    so.max_body_bytes = 0;
    auto server = net::HttpServer::start(so, [this](const net::HttpRequest& r) { return handle_metrics_listener(r); });
    if (!server) return make_error("cannot listen on " + config_.metrics_listen + ": " + server.error().message, ErrorKind::Network);
    metrics_server_ = std::move(*server);
  }

  if (config_.tracker.register_webhook && server_) {
    if (auto ok = register_webhook(); !ok) {
      log(LogEventId::WebhookFailed, "webhook registration: " + ok.error().message + " (polling still finds changes)");
    }
  }
  threads_.push_back(named_thread("node-out", [this] { outgoing_loop(); }));
  if (config_.tracker.poll_seconds > 0) threads_.push_back(named_thread("node-poll", [this] { poll_loop(); }));
  for (int i = 0; i < config_.workers; ++i) {
    threads_.push_back(named_thread("node-in-" + std::to_string(i), [this, i] { incoming_loop(static_cast<size_t>(i)); }));
  }
  threads_.push_back(named_thread("node-maint", [this] { maintenance_loop(); }));
  for (auto& c : connections_) {
    Connection* raw = c.get();
    c->sender = named_thread("node-send", [this, raw] { sender_loop(raw); });
  }
  log(LogEventId::NodeStarted, "node " + config_.name + " started" + (server_ ? " on " + url() : ""));
  return ok_status();
}

// With a master key the node can pair with other nodes: every connection not joined in-process
// ("local:NODE/CONN") gets a sender once it is paired. Without one, pairing says what is missing.
Status Node::open_transport() {
  if (config_.master_key.empty()) return ok_status();
  auto key = transport::load_master_key(config_.master_key.env.empty() ? config_.master_key.file
                                                                       : "env:" + config_.master_key.env);
  if (!key) return make_error("masterKey " + config_.master_key.describe() + ": " + key.error().message, ErrorKind::Config);
  std::vector<std::string> remote;
  for (const auto& c : connections_) {
    if (!c->config.local_peer() && !c->engine->retired()) remote.push_back(c->config.name);
  }
  TransportHost host;
  host.engine = [this](const std::string& name) -> sync::ConnectionEngine* {
    Connection* c = find(name);
    return c && !c->config.local_peer() ? c->engine.get() : nullptr;
  };
  host.wake_incoming = [this] { wake_incoming(); };
  host.base_url = [this] { return url(); };
  host.log = [this](const std::string& line) { log(line); };
  host.peer_unpaired = [this](const std::string& name) { peer_unpaired(name); };
  auto t = NodeTransport::open(store_->path(), std::move(*key), std::move(remote), std::move(host),
                               transport::wire_limits_for(config_.max_attachment_bytes));
  if (!t) return reworded(t.error(), "node " + config_.name + ": " + t.error().message);
  transport_ = std::move(*t);
  return ok_status();
}

// `like`: a client already connected to the tracker, whose findings (flavour, fields, workflows)
// the new one shares instead of asking the tracker again.
Result<Node::TrackerClient> Node::connect_tracker(const jira::JiraClient* like) {
  auto jc = jira_config(config_.tracker);
  if (!jc) return jc.error();
  auto endpoint = net::parse_endpoint(config_.tracker.url);
  if (!endpoint) return make_error("tracker url: " + endpoint.error().message, ErrorKind::Config);
  auto raw = net::make_http_client(*endpoint);
  if (!raw) return raw.error();
  // Every request the node makes to its tracker is counted for /metrics.
  std::unique_ptr<net::HttpClient> http = counting_client(std::move(*raw), metrics_);
  auto client = std::make_unique<jira::JiraClient>(*http, *jc);
  if (like) {
    client->connect_like(*like);
  } else if (auto ok = client->connect(); !ok) {
    return make_error("tracker " + config_.tracker.url + ": " + ok.error().message, ErrorKind::Network);
  }
  return TrackerClient{std::move(http), std::move(client)};
}

// Registers the node's webhook URL on the tracker (the Server/Data Center admin endpoint, which the
// embedded tracker speaks too; Jira Cloud takes webhooks from apps or its admin UI instead).
Status Node::register_webhook() {
  const std::string hook = url() + "/webhooks/jira/" + webhook_secret_text_;
  auto existing = port_->client().transport().get("/rest/webhooks/1.0/webhook");
  if (existing && existing->is_array()) {
    for (const auto& w : *existing) {
      if (w.is_object() && w.value("url", std::string()) == hook) return ok_status();
    }
  }
  const nlohmann::json body = {
      {"name", "twinsync node " + config_.name},
      {"url", hook},
      {"events", {"jira:issue_created", "jira:issue_updated", "jira:issue_deleted", "comment_created", "comment_updated",
                  "comment_deleted"}},
      {"enabled", true}};
  auto r = port_->client().transport().send_json(jira::Call::json("POST", "/rest/webhooks/1.0/webhook", body,
                                                                  jira::Repeat::OnlyIfUnsent));
  if (!r) return r.error();
  log(LogEventId::WebhookRegistered, "webhook registered: " + url() + "/webhooks/jira/<webhook secret>");
  return ok_status();
}

Node::~Node() { stop(); }

void Node::stop() {
  if (stopping_.exchange(true)) return;
  const bool started = !threads_.empty();  // a node refused at start (its store, say) never ran
  {
    std::lock_guard lock(mu_);
    changed_.notify_all();
    incoming_cv_.notify_all();
    sender_cv_.notify_all();
  }
  if (server_) server_->stop();
  if (metrics_server_) metrics_server_->stop();
  if (transport_) transport_->stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  for (auto& c : connections_) {
    if (c->sender.joinable()) c->sender.join();
  }
  for (auto& t : job_threads_) {
    if (t.joinable()) t.join();
  }
  if (started) log(LogEventId::NodeStopped, "node " + config_.name + " stopped");
}

std::string Node::url() const {
  if (!config_.public_url.empty()) return config_.public_url;
  return listen_url();
}

std::string Node::listen_url() const {
  return server_ ? served_url(config_.listen, server_->port()) : std::string();
}

Node::Connection* Node::find(const std::string& name) {
  for (auto& c : connections_) {
    if (c->config.name == name && !c->engine->retired()) return c.get();
  }
  return nullptr;
}

Node::Connection* Node::find_any(const std::string& name) {
  for (auto& c : connections_) {
    if (c->config.name == name) return c.get();
  }
  return nullptr;
}

sync::ConnectionEngine* Node::engine(const std::string& connection) {
  Connection* c = find(connection);
  return c ? c->engine.get() : nullptr;
}

void Node::link_local(Node& a, const std::string& conn_a, Node& b, const std::string& conn_b) {
  Connection* x = a.find(conn_a);
  Connection* y = b.find(conn_b);
  if (!x || !y) return;
  {
    std::lock_guard lock(a.mu_);
    x->local_peer_node = &b;
    x->local_peer = conn_b;
    ++a.sender_epoch_;
    a.sender_cv_.notify_all();
  }
  std::lock_guard lock(b.mu_);
  y->local_peer_node = &a;
  y->local_peer = conn_a;
  ++b.sender_epoch_;
  b.sender_cv_.notify_all();
}

namespace {

// Issue data (keys, summaries in messages) can carry control characters: escaped, a log line
// stays one line and cannot fake another or drive a terminal.
std::string one_line(const std::string& line) {
  std::string safe;
  safe.reserve(line.size());
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7f) {
      safe += "\\x" + hex_encode(std::string(1, static_cast<char>(c)));
    } else {
      safe += static_cast<char>(c);
    }
  }
  return safe;
}

}  // namespace

void Node::log(const std::string& line) { log(LogEventId::Message, line); }

void Node::log(LogEventId id, std::string message, std::string connection, std::string issue) {
  if (options_.log_event) {
    options_.log_event(LogEvent{id, one_line(connection), one_line(issue), one_line(message)});
  } else if (options_.log) {
    options_.log(one_line(message));
  }
}

// --- the incoming side and the senders

void Node::wake_incoming() {
  std::lock_guard lock(mu_);
  ++incoming_epoch_;
  incoming_cv_.notify_all();
}

void Node::incoming_loop(size_t lane) {
  const auto lanes = static_cast<size_t>(config_.workers);
  while (!stopping_) {
    uint64_t epoch;
    {
      std::lock_guard lock(mu_);
      epoch = incoming_epoch_;
    }
    size_t applied = 0;
    for (auto& c : connections_) {
      auto n = c->engine->apply_ready(200, lane, lanes);
      if (!n) {
        log(LogEventId::IncomingFailed, c->config.name + ": " + n.error().message, c->config.name);
      } else {
        applied += *n;
      }
    }
    applied_total_ += applied;
    if (applied > 0) continue;
    // Nothing to do: sleep until an event arrives, or a while (events waiting on a retry time).
    std::unique_lock lock(mu_);
    incoming_cv_.wait_for(lock, std::chrono::milliseconds(250),
                          [this, epoch] { return stopping_ || incoming_epoch_ != epoch; });
  }
}

void Node::sender_loop(Connection* c) {
  // This loop also looks now and then for twins the other side has not answered for a while,
  // so that their issues say "waiting for remote" (link_state.cpp).
  const auto after = std::chrono::seconds(config_.waiting_link_after_s);
  const auto look_every = std::max<std::chrono::milliseconds>(std::chrono::seconds(1), after / 4);
  auto next_look = std::chrono::steady_clock::now() + look_every;
  while (!stopping_) {
    if (std::chrono::steady_clock::now() >= next_look) {
      next_look = std::chrono::steady_clock::now() + look_every;
      (void)c->engine->show_waiting(datetime::now_ms() - std::chrono::milliseconds(after).count());
    }
    uint64_t epoch;
    Node* peer;
    {
      std::lock_guard lock(mu_);
      epoch = sender_epoch_;
      peer = c->local_peer_node;
    }
    size_t moved = 0;
    if (peer) {
      if (sync::ConnectionEngine* other = peer->engine(c->local_peer)) {
        auto n = deliver(*c->engine, *other);
        if (!n) {
          log(LogEventId::DeliveryFailed, c->config.name + ": delivery: " + n.error().message, c->config.name);
        } else if (*n > 0) {
          moved = *n;
          peer->wake_incoming();
        }
      }
    }
    if (moved > 0) continue;
    std::unique_lock lock(mu_);
    sender_cv_.wait_for(lock, std::chrono::milliseconds(500), [this, epoch] { return stopping_ || sender_epoch_ != epoch; });
  }
}

bool Node::wait_idle(std::chrono::milliseconds timeout) {
  // Idle: nothing queued or in hand, nothing left to deliver to a linked peer, and no event
  // applied for a few rounds (events of a blocked twin stay pending, so they cannot count).
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int quiet_rounds = 0;
  uint64_t last_applied = applied_total_;
  while (std::chrono::steady_clock::now() < deadline) {
    bool idle;
    {
      std::lock_guard lock(mu_);
      // An apply's held notices come after it; a key waiting to be tried again is not done.
      idle = queue_.empty() && busy_ == 0 && writing_.empty() && retries_.empty();
    }
    if (idle) {
      for (auto& c : connections_) {
        const bool drains = c->local_peer_node || (transport_ && transport_->sending(c->config.name));
        if (!drains || c->engine->retired() || c->engine->paused()) continue;
        auto tx = store_->begin();
        if (!tx) continue;
        auto out = store_->count_pending_outbox(*tx, c->engine->id());
        (void)tx->commit();
        if (out && *out > 0) idle = false;
      }
    }
    const uint64_t applied = applied_total_;
    if (applied != last_applied) idle = false;
    last_applied = applied;
    quiet_rounds = idle ? quiet_rounds + 1 : 0;
    if (quiet_rounds >= 10) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  return false;
}

}  // namespace twinsync::node
