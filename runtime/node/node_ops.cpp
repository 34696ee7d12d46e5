// node_ops.cpp — the operator's operations on a node (the admin API and the CLI call these).
#include <fstream>
#include <sstream>

#include "compiler/support/thread_name.h"
#include "compiler/vm/datetime.h"
#include "runtime/jira/schema_from_catalog.h"
#include "runtime/node/node.h"

namespace twinsync::node {
namespace {

Error no_connection(const std::string& name) { return make_error("no connection named " + name, ErrorKind::NotFound); }

Error no_master_key(const std::string& node) {
  return make_error("node " + node + " has no masterKey setting: pairing with another node seals the shared "
                    "secret under it (masterKey env(\"NAME\") or file(\"path\"); docs/operator-guide.md)",
                    ErrorKind::Config);
}

// Runs `settle` (a retry or a resolve) on the engine of the running connection that open error
// `error_id` belongs to.
template <class Settle>
Status settle_open_error(Node& node, int64_t error_id, Settle settle) {
  auto all = node.errors();
  if (!all) return all.error();
  for (const auto& e : *all) {
    if (e.id != error_id) continue;
    sync::ConnectionEngine* engine = node.engine(e.connection);
    if (!engine) return no_connection(e.connection);
    return settle(*engine);
  }
  return make_error("no open error " + std::to_string(error_id), ErrorKind::NotFound);
}

}  // namespace

Result<std::vector<ConnectionStatus>> Node::status() {
  std::vector<ConnectionStatus> out;
  const std::vector<transport::PeerInfo> paired = peers();
  std::vector<store::ConnectionRow> rows;  // titles and descriptions, read once for all
  {
    auto tx = store_->begin();
    if (!tx) return tx.error();
    auto read = store_->connections(*tx);
    if (!read) return read.error();
    rows = std::move(*read);
    (void)tx->commit();
  }
  for (auto& c : connections_) {
    ConnectionStatus s;
    s.name = c->config.name;
    s.peer = c->local_peer_node ? "local:" + c->local_peer_node->name() + "/" + c->local_peer : c->config.peer;
    for (const auto& p : paired) {
      if (p.connection == s.name) s.peer = p.remote_url + " (" + p.remote_connection + ")";
    }
    // "unpaired" only on the key store's word (a store that cannot answer now says nothing).
    bool unpaired = false;
    if (c->config.local_peer() && !c->engine->retired()) {
      // Joined in this process: unpaired when its partner was deleted (or never joined).
      unpaired = !c->local_peer_node || c->local_peer_node->engine(c->local_peer) == nullptr;
    } else if (transport_ && !c->engine->retired()) {
      auto has = transport_->paired(s.name);
      unpaired = has && !*has;
    }
    s.state = c->engine->retired() ? "deleted" : c->engine->paused() ? "paused" : unpaired ? "unpaired" : "active";
    if (auto rules = c->engine->rules()) {
      s.rules_version = rules->version_hash();
      s.description = rules->connection.description;
      s.local = rules->connection.local;
      s.remote = rules->connection.remote;
    }
    for (const store::ConnectionRow& row : rows) {
      if (row.id != c->engine->id()) continue;
      s.title = row.title;
      if (!row.description.empty()) s.description = row.description;
    }
    auto tx = store_->begin();
    if (!tx) return tx.error();
    auto counts = store_->twin_counts(*tx, c->engine->id(), &s.last_sync_ms);
    if (!counts) return counts.error();
    s.twins = *counts;
    if (auto last = store_->last_synced(*tx, c->engine->id()); last && *last) s.last_sync_key = (*last)->first;
    auto out_n = store_->count_pending_outbox(*tx, c->engine->id());
    auto in_n = store_->count_pending_inbox(*tx, c->engine->id());
    auto errs = store_->count_open_errors(*tx, c->engine->id());
    if (!out_n || !in_n || !errs) return make_error("the store could not be read", ErrorKind::Store);
    s.pending_out = *out_n;
    s.pending_in = *in_n;
    if (s.pending_out + s.pending_in > config_.backlog_alert) {
      s.alert = "backlog: " + std::to_string(s.pending_out) + " events to send and " + std::to_string(s.pending_in) +
                " to apply (alert past " + std::to_string(config_.backlog_alert) + ")";
    }
    s.open_errors = *errs;
    (void)tx->commit();
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<IssueStatus>> Node::issue_status(const std::string& key) {
  std::vector<IssueStatus> out;
  auto tx = store_->begin();
  if (!tx) return tx.error();
  for (auto& c : connections_) {
    auto t = store_->twin_by_local(*tx, c->engine->id(), key);
    if (!t) return t.error();
    if (!*t) continue;
    using store::TwinState;
    const TwinState state = (*t)->state;
    // The issue's view: before both keys are known, whatever the step, it waits for the remote.
    const bool settled = state == TwinState::Synchronized || state == TwinState::Blocked || state == TwinState::Unexalated;
    out.push_back({c->config.name, key, (*t)->remote_key.value_or(""),
                   settled ? std::string(store::twin_state_name(state)) : "waiting for remote", (*t)->reason,
                   (*t)->last_sync_ms});
  }
  (void)tx->commit();
  return out;
}

Result<std::vector<store::ErrorRecord>> Node::errors() {
  auto tx = store_->begin();
  if (!tx) return tx.error();
  auto e = store_->open_errors(*tx);
  (void)tx->commit();
  return e;
}

Status Node::retry(int64_t error_id) {
  return settle_open_error(*this, error_id, [&](sync::ConnectionEngine& engine) {
    auto ok = engine.retry(error_id);
    wake_incoming();
    return ok;
  });
}

Status Node::resolve(int64_t error_id) {
  return settle_open_error(*this, error_id, [&](sync::ConnectionEngine& engine) {
    auto ok = engine.resolve(error_id);
    wake_incoming();
    return ok;
  });
}

Result<sync::StepResult> Node::exalate(const std::string& connection, const std::string& key) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  return c->engine->exalate(key);
}

Status Node::unexalate(const std::string& connection, const std::string& key) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  return c->engine->unexalate(key);
}

Status Node::connect(const std::string& connection, const std::string& key, const std::string& remote_key) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  return c->engine->connect(key, remote_key);
}

Status Node::pause(const std::string& connection) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  return c->engine->pause();
}

Status Node::relabel(const std::string& connection, const std::optional<std::string>& title,
                     const std::optional<std::string>& description) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  for (const std::optional<std::string>* text : {&title, &description}) {
    if (*text && ((*text)->size() > 500 || (*text)->find_first_of("\r\n") != std::string::npos)) {
      return make_error("a title or description is one line of at most 500 bytes", ErrorKind::BadRequest);
    }
  }
  auto tx = store_->begin();
  if (!tx) return tx.error();
  auto rows = store_->connections(*tx);
  if (!rows) return rows.error();
  for (const store::ConnectionRow& row : *rows) {
    if (row.id != c->engine->id()) continue;
    auto ok = store_->set_connection_label(*tx, row.id, title.value_or(row.title), description.value_or(row.description));
    if (!ok) return ok;
  }
  if (auto ok = tx->commit(); !ok) return ok;
  log(LogEventId::Relabelled, "connection " + connection + ": relabelled", connection);
  return ok_status();
}

Status Node::resume(const std::string& connection) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  auto ok = c->engine->resume();
  wake_incoming();
  return ok;
}

Result<std::vector<store::HistoryEntry>> Node::history(const std::string& connection, const std::string& key) {
  Connection* c = find_any(connection);
  if (!c) return no_connection(connection);
  auto tx = store_->begin();
  if (!tx) return tx.error();
  auto t = store_->twin_by_local(*tx, c->engine->id(), key);
  if (!t) return t.error();
  if (!*t) return make_error(key + " has no history in " + connection, ErrorKind::NotFound);
  auto h = store_->history(*tx, (*t)->id);
  (void)tx->commit();
  return h;
}

Result<size_t> Node::bulk(const std::string& connection, const std::string& trigger,
                          const std::function<void(size_t, size_t)>& progress) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  return c->engine->bulk(trigger, progress);
}

Result<int64_t> Node::start_bulk(const std::string& connection, const std::string& trigger) {
  Connection* c = find(connection);
  if (!c) return no_connection(connection);
  auto job = std::make_shared<BulkJob>();
  int64_t id;
  {
    std::lock_guard lock(mu_);
    id = static_cast<int64_t>(jobs_.size()) + 1;
    jobs_[id] = job;
    // Bulk runs beside live changes: its own thread, so a live edit never waits behind it.
    job_threads_.emplace_back([this, c, job, trigger] {
      name_this_thread("node-bulk");
      auto r = c->engine->bulk(trigger, [&](size_t done, size_t total) {
        job->done = done;
        job->total = total;
      });
      if (r) {
        job->queued = *r;
      } else {
        job->error = r.error().message;
      }
      job->finished = true;
    });
  }
  return id;
}

std::shared_ptr<Node::BulkJob> Node::bulk_job(int64_t id) {
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second;
}

Result<std::string> Node::invite(const std::string& connection, std::chrono::seconds ttl) {
  if (!transport_) return no_master_key(config_.name);
  return transport_->invite(connection, ttl);
}

Result<transport::PeerInfo> Node::accept_invitation(const std::string& code, const std::string& connection,
                                                    bool replace, std::string* replaced) {
  if (!transport_) return no_master_key(config_.name);
  return transport_->accept(code, connection, replace, replaced);
}

std::vector<transport::PeerInfo> Node::peers() {
  return transport_ ? transport_->peers() : std::vector<transport::PeerInfo>{};
}

}  // namespace twinsync::node

#include "runtime/admin/admin_api.h"
#include "runtime/admin/gate.h"
#include "runtime/console/console.h"

namespace twinsync::node {

Result<std::string> Node::admin_token() const {
  return admin_token_.read();
}

// The names this node answers to: its public URL's host and its listen host (IP literals and
// localhost always pass the gate).
admin::GateOptions Node::admin_gate() const {
  admin::GateOptions g;
  g.token = [this] { return admin_token(); };
  for (const std::string& url : {config_.public_url, listen_url()}) {
    if (auto ep = net::parse_endpoint(url)) g.host_names.push_back(admin::host_name_of(ep->host));
  }
  return g;
}

net::HttpResponse Node::handle_http(const net::HttpRequest& request) {
  const std::string& t = request.target;
  const std::string path = t.substr(0, t.find('?'));
  if (request.method == "GET" && (path == "/healthz" || path == "/readyz")) return health_response(path == "/readyz");
  if (path == "/metrics") {
    // The counters name connections and sizes: the admin token, like the admin API.
    if (auto refused = admin::refuse(admin_gate(), request)) return *refused;
    return handle_metrics_listener(request);
  }
  if (is_webhook_delivery(request.method, t)) return on_webhook(request);
  if (t.rfind("/admin/", 0) == 0) {
    if (auto refused = admin::refuse(admin_gate(), request)) return *refused;
    return admin::handle(*this, request);
  }
  if (console_ && (path == "/console" || path.rfind("/console/", 0) == 0)) return console_->handle(request);
  if (t.rfind("/twinsync/", 0) == 0) {
    if (transport_) return transport_->handle(request);
    if (options_.extra_routes) return options_.extra_routes(request);
  }
  net::HttpResponse r;
  r.status = 404;
  r.body = "{\"error\": \"not found\"}";
  return r;
}

}  // namespace twinsync::node

namespace twinsync::node {

void Node::maintenance_loop() {
  while (!stopping_) {
    maintain();
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, options_.maintenance_interval, [this] { return stopping_.load(); });
  }
}

void Node::maintain() {
  if (config_.retention_days > 0) {
    const int64_t cut = datetime::now_ms() - int64_t{config_.retention_days} * 24 * 3600 * 1000;
    if (auto tx = store_->begin()) {
      auto removed = store_->prune(*tx, cut);
      if (removed && tx->commit() && *removed > 0) {
        log(LogEventId::StorePruned, "store: pruned " + std::to_string(*removed) + " rows older than " + std::to_string(config_.retention_days) + " days");
      }
    }
  }
  auto all = status();
  if (!all) return;
  for (const ConnectionStatus& c : *all) {
    const bool over = !c.alert.empty();
    bool changed;
    {
      std::lock_guard lock(mu_);
      changed = over ? backlog_alerted_.insert(c.name).second : backlog_alerted_.erase(c.name) > 0;
    }
    if (changed) log(LogEventId::BacklogAlert, "connection " + c.name + ": " + (over ? c.alert : "backlog back under the alert"), c.name);
  }
}

}  // namespace twinsync::node
