// node.h — a running twinsync node: the tracker it serves, its store, one engine per connection,
// and the threads that move changes — webhook intake and JQL polling into the outgoing side,
// incoming workers over the inbox, and one sender per connection towards its peer. The admin API
// (runtime/admin) and the CLI call the operations below.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "compiler/check/checker.h"
#include "runtime/jira/webhook.h"
#include "runtime/net/http_server.h"
#include "runtime/node/config.h"
#include "runtime/node/log_event.h"
#include "runtime/node/jira_port.h"
#include "runtime/node/metrics.h"
#include "runtime/node/node_secrets.h"
#include "runtime/node/node_transport.h"
#include "runtime/store/sync_store.h"
#include "runtime/sync/engine.h"

namespace twinsync::admin {
struct GateOptions;
}
namespace twinsync::console {
class Console;
}

namespace twinsync::node {

struct ConnectionStatus {
  std::string name, state, rules_version, peer;
  std::string title;                       // the operators' name for it ("" = none: its name)
  std::string description, local, remote;  // the operators' description, else the rules'; sides from the rules
  std::string last_sync_key;               // the issue synced last
  std::map<std::string, int64_t> twins;  // by state
  int64_t last_sync_ms = 0;
  int64_t pending_out = 0, pending_in = 0, open_errors = 0;
  std::string alert;  // e.g. a backlog past the node's backlogAlert; empty when all is well
};

/// What deleting a connection did.
struct DeleteReport {
  std::string connection;
  bool paired = false;        // it had a peer (another node, or one in this process)
  bool peer_told = false;     // the peer acknowledged that it forgot the pairing too
  std::string peer, peer_error;  // the peer as status showed it; why it was not told
  size_t unexalated = 0;      // twins under sync until now: their links are being marked unexalated
  bool history_removed = false;
};

struct IssueStatus {
  std::string connection, local_key, remote_key, state, reason;
  int64_t last_sync_ms = 0;
};

struct TriggerStatus {
  std::string name, jql, note;
  bool active = true, file_active = true;  // now; and as the rule file says
  int64_t matches = -1;                    // issues its JQL finds on the tracker now (-1: not counted)
  std::string match_error;                 // why they could not be counted
  std::vector<std::string> lookups;        // tracker data its JQL functions ask for (cached)
};

struct ConnectionStats {
  std::string connection;
  int64_t twins = 0;  // under sync now (unexalated ones left out)
  int64_t last_sync_ms = 0;
  std::string last_sync_key;
  std::map<std::string, int64_t> total;                    // by counter (runtime/store/stat_kinds.def)
  std::map<int64_t, std::map<std::string, int64_t>> days;  // the last days, by day since the epoch (UTC)
};

/// A compiler diagnostic of a draft, where it is (1-based line and column).
struct RuleDiagnostic {
  int line = 0, column = 0, end_line = 0, end_column = 0;
  std::string severity, code, message, help;
};

struct RulesVersionInfo {
  store::RuleVersion version;
  bool running = false;
};

/// One issue of a dry run: what a draft of the rules would send, field by field.
struct DryRunIssue {
  std::string key, error;
  bool under_sync = false;
  std::vector<std::string> triggers;  // the draft's triggers that match it
  struct Field {
    std::string name;
    Value sent, running, draft;  // last sent; what the running rules send; what the draft sends
  };
  std::vector<Field> fields;  // those where the draft sends something else than was sent or than now
};

struct NodeOptions {
  bool serve_http = true;                        // admin API, webhooks and peers
  std::function<void(const std::string&)> log;   // one line per event worth telling; never secrets
  /// The same events as values (log_event.h), for structured logs; when set, `log` is not called.
  std::function<void(const LogEvent&)> log_event;
  std::function<net::HttpResponse(const net::HttpRequest&)> extra_routes;  // mounted under /twinsync/
  /// First wait before a failed outgoing step runs again (it doubles, up to a minute).
  std::chrono::milliseconds outgoing_retry_base{1000};
  /// How often old rows are pruned (retentionDays) and backlogs checked (backlogAlert).
  std::chrono::milliseconds maintenance_interval{std::chrono::minutes(10)};
};

class Node {
 public:
  static Result<std::unique_ptr<Node>> start(NodeConfig config, NodeOptions options = {});
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  void stop();

  const std::string& name() const { return config_.name; }
  /// http://host:port of the node's server (empty when it serves no HTTP).
  std::string url() const;
  /// http://host:port where the node's server listens, even when peers know it by another URL.
  std::string listen_url() const;
  sync::ConnectionEngine* engine(const std::string& connection);
  JiraPort& tracker() { return *port_; }
  store::SyncStore& store() { return *store_; }
  const NodeConfig& config() const { return config_; }
  /// The admin token the node's admin API requires now (configured, or generated at first start).
  Result<std::string> admin_token() const;
  /// Where the webhook secret is (deliveries go to URL/webhooks/jira/SECRET or carry X-Hub-Signature).
  const SecretSource& webhook_secret() const { return webhook_secret_; }

  /// Links a connection of this node with one of another node in the same process.
  static void link_local(Node& a, const std::string& conn_a, Node& b, const std::string& conn_b);

  // --- change intake
  static constexpr int64_t kUnknownVersion = INT64_MAX;  // a notice that does not say: always read
  /// The version a notice announced, kUnknownVersion when it said none (0 or less).
  static constexpr int64_t announced(int64_t version_ms) { return version_ms > 0 ? version_ms : kUnknownVersion; }
  /// A local issue changed (a webhook, a poll hit, an operator): queued for the outgoing side.
  /// `version_ms` is the issue's `updated` after the change when the notice says it: a read
  /// that already saw that version makes the queued read unnecessary.
  void local_change(const std::string& key, int64_t version_ms = kUnknownVersion);
  /// A change of `key` whose issue the engine has just read (`issue`): it is used once instead
  /// of a read, unless another notice of the key comes first.
  void local_change_read(const std::string& key, const Value& issue);
  /// An apply of connection `writer` starts (or ends) writing a local issue: its notices wait
  /// till the end.
  void local_writes(const std::string& key, bool begin, const std::string& writer = "");
  /// The webhook endpoint's body: parsed, deduplicated, queued. Bad input is a 400.
  net::HttpResponse on_webhook(const net::HttpRequest& request);
  /// Whether a request is for on_webhook: the route, and which requests the HTTP server answers
  /// on its I/O thread.
  static bool is_webhook_delivery(const std::string& method, const std::string& target);
  /// Waits until no change is queued and no event is pending anywhere (tests, demo); false on timeout.
  bool wait_idle(std::chrono::milliseconds timeout);
  /// The sender of a connection to another node, as it is now (nullopt: none runs).
  std::optional<transport::SenderStatus> sender_status(const std::string& connection) {
    return transport_ ? transport_->sender_status(connection) : std::nullopt;
  }
  /// http://host:port of the metrics listener (metricsListen; empty without one).
  std::string metrics_url() const;
  /// GET /metrics: the Prometheus text format (store counters, queues, tracker requests, latency).
  std::string metrics_text();
  /// Ready to sync: the store answers and the node is not stopping (why not, otherwise).
  bool ready(std::string* why = nullptr);
  /// Polls of the tracker finished since start (every page processed and confirmed).
  uint64_t polls_completed() const { return polls_completed_; }

  // --- operations
  Result<std::vector<ConnectionStatus>> status();
  Result<std::vector<IssueStatus>> issue_status(const std::string& key);
  Result<std::vector<store::ErrorRecord>> errors();
  Status retry(int64_t error_id);
  Status resolve(int64_t error_id);
  Result<sync::StepResult> exalate(const std::string& connection, const std::string& key);
  Status unexalate(const std::string& connection, const std::string& key);
  Status connect(const std::string& connection, const std::string& key, const std::string& remote_key);
  Status pause(const std::string& connection);
  /// What operators call a connection and how they describe it; its name (its identity in the
  /// store, with the peer and in the node file) does not change, so its twins stay its own.
  Status relabel(const std::string& connection, const std::optional<std::string>& title,
                 const std::optional<std::string>& description);
  Status resume(const std::string& connection);
  /// Deletes a connection: it stops at once (no trigger, no send, no apply), the peer is told
  /// and the pairing's keys go on both sides, its twins become unexalated (the issues stay; their
  /// links are updated in the background) and, with `remove_history`, every row of it goes. The
  /// store keeps that it was deleted, so a node file that still names it does not bring it back.
  Result<DeleteReport> delete_connection(const std::string& connection, bool remove_history);
  Result<std::vector<store::HistoryEntry>> history(const std::string& connection, const std::string& key);
  Result<size_t> bulk(const std::string& connection, const std::string& trigger,
                      const std::function<void(size_t, size_t)>& progress = {});
  /// A bulk run in the background: `bulk` queues every issue a trigger matches; progress by id.
  struct BulkJob {
    std::atomic<size_t> done{0}, total{0}, queued{0};
    std::atomic<bool> finished{false};
    std::string error;  // set before finished
  };
  Result<int64_t> start_bulk(const std::string& connection, const std::string& trigger);
  std::shared_ptr<BulkJob> bulk_job(int64_t id);
  /// Publishes rule text for a connection: compiled against the tracker's fields first; text
  /// with errors is refused (the running version stays) and the diagnostics, rendered under
  /// `name`, come back in the error (kind "rules"). The version is kept in the store with
  /// `author` and runs from now on, across restarts, until another is published or the
  /// connection's rule file changes on disk.
  Status publish_rules(const std::string& connection, const std::string& text, const std::string& name,
                       const std::string& author);
  /// Publishes a rule file of the connection's own rules folder (the folder of its configured
  /// rule file): `path` must resolve inside it and end in .sync, so no other file is ever read.
  Status reload_rules(const std::string& connection, const std::string& path);

  /// The versions of a connection's rules in the store, oldest first.
  Result<std::vector<RulesVersionInfo>> rule_versions(const std::string& connection);
  /// One version by its hash or a unique prefix of it (6 characters or more).
  Result<store::RuleVersion> rule_version(const std::string& connection, const std::string& version);
  /// Runs a version of the store again (a rollback): compiled anew against the tracker's fields.
  Status rollback_rules(const std::string& connection, const std::string& version, const std::string& author);
  /// Compiles draft rule text against the tracker's fields, running and keeping nothing: every
  /// diagnostic, in order (the console lints as the operator types).
  Result<std::vector<RuleDiagnostic>> lint_rules(const std::string& connection, const std::string& text,
                                                 const std::string& name);
  /// Runs draft rule text on live issues and says what it would send, writing nothing.
  Result<std::vector<DryRunIssue>> dry_run(const std::string& connection, const std::string& text,
                                           const std::string& name, const std::vector<std::string>& keys);
  /// A connection's triggers: JQL, note, on or off, and (with `count`) how many issues match now.
  Result<std::vector<TriggerStatus>> triggers(const std::string& connection, bool count = true);
  /// Switches a trigger on or off at runtime, kept across restarts (the rule file's is the default).
  Status set_trigger(const std::string& connection, const std::string& name, bool active);
  /// Counters per connection ("" for every one), in total and for the last `days` days.
  Result<std::vector<ConnectionStats>> stats(const std::string& connection, int days = 7);

  // --- pairing with another node (needs the node's masterKey; docs/transport.md)
  /// Initiator: a one-time invitation code for a connection to another node.
  Result<std::string> invite(const std::string& connection, std::chrono::seconds ttl);
  /// Acceptor: redeems a code; `connection` is this node's name for it (default: the initiator's).
  /// A connection already paired is refused unless `replace`; then `replaced` names the old peer.
  Result<transport::PeerInfo> accept_invitation(const std::string& code, const std::string& connection,
                                                bool replace = false, std::string* replaced = nullptr);
  /// The remote nodes this node is paired with (no secrets).
  std::vector<transport::PeerInfo> peers();

 private:
  struct Connection {
    ConnectionConfig config;
    std::unique_ptr<sync::ConnectionEngine> engine;
    Node* local_peer_node = nullptr;
    std::string local_peer;
    std::thread sender;
  };
  explicit Node(NodeConfig config, NodeOptions options) : config_(std::move(config)), options_(std::move(options)) {}
  struct TrackerClient {
    std::unique_ptr<net::HttpClient> http;
    std::unique_ptr<jira::JiraClient> client;
  };
  Result<TrackerClient> connect_tracker(const jira::JiraClient* like = nullptr);
  Status open();
  /// At start: the connection's rule file, unless a version published since the file was last
  /// read is running (then that one, so a restart does not undo a publish).
  Status load_rules(Connection& c, const Schema& schema);
  Result<std::string> rules_file_text(const Connection& c, const std::string& path) const;
  std::string rules_path(const Connection& c) const;
  Status register_webhook();
  Status open_transport();
  net::HttpResponse handle_http(const net::HttpRequest& request);
  bool webhook_authentic(const net::HttpRequest& request) const;
  admin::GateOptions admin_gate() const;
  void outgoing_loop();
  void poll_loop();
  void incoming_loop(size_t lane);
  void sender_loop(Connection* c);
  void maintenance_loop();
  /// Prunes by retention and logs backlogs past the alert (once per crossing).
  void maintain();
  /// Queues a key for the outgoing loop (once while queued); mu_ must be held.
  /// Queues a key to be read; `now` skips the coalescing window (a retry whose back-off is over).
  /// `handover`: queued by an apply handing its read to the outgoing step, not by a notice.
  void enqueue_locked(const std::string& key, bool now = false, int64_t version_ms = kUnknownVersion,
                      bool handover = false);
  bool own_write(const jira::ChangeEvent& event);
  /// `read_before`: set when the issue is one an apply read earlier (not read now).
  /// `at_least`: the version (ms) the caller knows the issue reached (a poll hit's); an apply's
  /// read of it that is older is not used.
  Result<Value> read_issue(const std::string& key, bool* read_before = nullptr, int64_t at_least = 0);
  /// `versions`, when given, the version of each key (a poll page's hits).
  std::vector<std::string> process_keys(const std::vector<std::string>& keys, const std::vector<int64_t>& versions = {});
  bool retry_later(const std::string& key, const std::string& why);
  void done_retrying(const std::string& key);
  std::optional<std::chrono::steady_clock::time_point> requeue_due_locked();
  void wake_incoming();
  void log(const std::string& line);
  void log(LogEventId id, std::string message, std::string connection = {}, std::string issue = {});
  /// A connection that runs (a deleted one is not found).
  Connection* find(const std::string& name);
  /// Any connection of the node file, deleted ones too (their kept history is still readable).
  Connection* find_any(const std::string& name);
  /// The peer deleted its side of `connection`: its twins end (in the background, since each
  /// link is a tracker write).
  void peer_unpaired(const std::string& connection);
  /// Runs `work` on a thread of its own, joined at stop.
  void background(std::function<void()> work);

  NodeConfig config_;
  NodeOptions options_;
  NodeMetrics metrics_;  // before the tracker clients, which count into it
  SecretSource admin_token_;     // configured, or made beside the store at first start
  SecretSource webhook_secret_;
  std::string webhook_secret_text_;  // its text, read at start
  std::unique_ptr<store::SyncStore> store_;
  std::unique_ptr<JiraPort> port_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::unique_ptr<NodeTransport> transport_;  // null without a master key
  std::shared_ptr<console::Console> console_;  // the operator's web console, on `listen` (shared: an incomplete type here)
  std::unique_ptr<net::HttpServer> server_;
  std::unique_ptr<net::HttpServer> metrics_server_;  // metricsListen: /metrics and health only
  net::HttpResponse handle_metrics_listener(const net::HttpRequest& request);
  net::HttpResponse health_response(bool readiness);

  std::mutex mu_;
  std::condition_variable changed_;        // outgoing queue or stop
  std::condition_variable incoming_cv_;    // inbox or stop
  std::condition_variable sender_cv_;      // outbox or stop
  struct Queued {
    std::string key;
    std::chrono::steady_clock::time_point due;  // read no sooner: later notices of it fold in
  };
  std::deque<Queued> queue_;
  // Keys in queue_, each with the newest version its notices named (kUnknownVersion if one
  // did not): when it is due and a read since saw that version, it is not read again. A key
  // queued only because a new twin's apply handed the issue to the outgoing step carries no
  // notice of anybody's change: an apply may still trust its record of it.
  struct QueuedKey {
    int64_t version = kUnknownVersion;
    bool handover_only = false;
  };
  std::map<std::string, QueuedKey> queued_;
  struct Writing {
    int applies = 0;     // applies writing the issue now
    bool held = false;   // it changed meanwhile: queued when the last apply is done
    bool noticed = false;  // a held one is a notice of a change, not only an apply's handover
    int64_t held_version = 0;  // the newest version the held notices announced (kUnknownVersion: one did not say)
    void hold(int64_t version_ms, bool notice = true) {
      held = true;
      noticed = noticed || notice;
      held_version = std::max(held_version, announced(version_ms));
    }
  };
  std::map<std::string, Writing> writing_;
  std::map<std::string, Value> read_ahead_;  // issues read by an apply, for the outgoing step
  void unqueue_locked(const std::string& key);
  struct Retry {
    int attempts = 0;
    std::chrono::steady_clock::time_point due;
    bool queued = false;  // back in queue_ now
  };
  static constexpr int kMaxOutgoingAttempts = 10;
  static constexpr size_t kMaxQueuedKeys = 10000;   // webhook intake refuses (503) past it
  std::map<std::string, Retry> retries_;   // keys whose outgoing step failed, by key
  std::set<std::string> seen_deliveries_;  // webhook delivery ids (recent)
  std::deque<std::string> seen_order_;
  int busy_ = 0;                           // keys being processed
  std::atomic<uint64_t> applied_total_{0};  // applies made (a folded run is one), for wait_idle
  std::atomic<uint64_t> polls_completed_{0};
  // The tracker's `updated` of each issue as last read (ms): a poll hit no newer was read
  // already (by a webhook's read) and costs no second read.
  std::map<std::string, int64_t> read_at_version_;
  void note_read_locked(const Value& issue);
  bool read_already_locked(const std::string& key, int64_t updated_ms) const;
  bool known_already_locked(const std::string& key, int64_t updated_ms) const;
  // Notices of changes to local issues, for applies that write without reading first
  // (sync::ConnectionEngine::trust_local_notices): a clock, and per key when it last moved for
  // a change from elsewhere or by another connection's apply. It starts at 1: a stamp of 0
  // means "not known" to the engine, and reads made before the first notice (a bulk started at
  // once) are as known as any later one.
  std::atomic<uint64_t> notice_clock_{1};
  uint64_t notices_forgotten_below_ = 0;
  struct Noticed {
    uint64_t at = 0;      // the clock at the last notice
    int64_t version = 0;  // the newest `updated` any notice announced; kUnknownVersion if one did not say
  };
  std::map<std::string, Noticed> noticed_at_;
  std::map<std::string, std::map<std::string, uint64_t>> written_by_;  // key -> connection -> clock
  void note_notice_locked(const std::string& key, int64_t version_ms);
  bool quiet_since(const std::string& key, uint64_t stamp, const std::string& connection, int64_t known_version);
  uint64_t incoming_epoch_ = 0, sender_epoch_ = 0;
  std::atomic<bool> stopping_{false};
  std::vector<std::thread> threads_;
  std::map<int64_t, std::shared_ptr<BulkJob>> jobs_;
  std::set<std::string> backlog_alerted_;  // connections whose backlog alert was logged
  std::vector<std::thread> job_threads_;
};

}  // namespace twinsync::node
