// engine.h — one connection's sync engine: local changes through the outgoing rules into the
// outbox, inbox events through the incoming rules onto the local tracker, in order per twin,
// each step recorded in the store so that nothing is lost or applied twice.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/bytecode/program.h"
#include "compiler/schema/comment_format.h"
#include "compiler/support/result.h"
#include "runtime/store/sync_store.h"
#include "runtime/sync/three_way.h"
#include "runtime/sync/tracker_port.h"

namespace twinsync::sync {

struct ItemOp;

struct EngineOptions {
  ConflictRules conflicts;
  /// A custom field that gets the remote issue's key once the twin exists ("sync back").
  std::string sync_back_field;
  size_t max_attachment_bytes = 10 * 1024 * 1024;
  int max_attempts = 10;             // transient failures of one event before it is parked
  int64_t retry_base_ms = 1000;      // back-off of transient failures: base * 2^attempt, capped
  int64_t retry_cap_ms = 5 * 60 * 1000;
  bool show_state_on_issue = true;   // the twin's state as a remote link on the local issue
  /// Where the twin opens on the other tracker: a base URL ("https://dev.example.com", to which
  /// /browse/KEY is added) or a template with {key}. Empty: the link names the twin only.
  std::string twin_url;
  /// Events from the peer waiting here at most; past it a batch is refused as busy (the peer
  /// sends it again later), so a peer cannot grow this node's store without bound.
  int64_t max_pending_inbox = 20000;
};

/// The URL that opens `remote_key` on the other tracker, from EngineOptions::twin_url ("" if unset).
std::string twin_link_url(const std::string& twin_url, const std::string& remote_key);

/// What one step did, for callers that report progress.
struct StepResult {
  enum Kind { Nothing, Sent, Applied, Skipped, Waiting, Parked, Retrying } kind = Nothing;
  std::string message;
};

class ConnectionEngine {
 public:
  ConnectionEngine(std::string name, store::SyncStore& store, TrackerPort& tracker, EngineOptions options = {});

  /// Takes a compiled rule file: it applies to changes from now on, and its version (text and
  /// `author`) is recorded as the running one.
  Status set_rules(std::shared_ptr<const Program> program, const std::string& bytecode,
                   const std::string& author = "file");
  /// Runs a version already recorded (the running one, at a restart) without recording it again.
  void use_rules(std::shared_ptr<const Program> program);
  /// The version hash of the rules in use ("" before any).
  std::string rules_version() const;
  std::shared_ptr<const Program> rules() const;
  const std::string& name() const { return name_; }
  int64_t id() const { return id_; }
  /// Called after events were written to the outbox (wakes the transport).
  void on_outbox(std::function<void()> notify) { notify_outbox_ = std::move(notify); }
  /// Called after a twin needs its outgoing side run (a connect, a link that changed something).
  void on_local_change_needed(std::function<void(const std::string&)> f) { request_outgoing_ = std::move(f); }
  /// The same, with the issue as the engine just read it after its own writes (a new twin): the
  /// outgoing side may use it instead of reading the issue again. Without it, the above is called.
  void on_local_change_read(std::function<void(const std::string&, const Value&)> f) { change_read_ = std::move(f); }
  /// Called when an apply starts writing a local issue (true) and when it is done with it (false),
  /// however it ends: the tracker's notices of those writes can wait and be read once, after.
  void on_local_writes(std::function<void(const std::string&, bool)> f) { local_writes_ = std::move(f); }
  /// What the node knows of changes to its tracker's issues, so that an apply can skip reading
  /// an issue it knows: `now` is a clock that moves on with every notice of a change made by
  /// anyone but this engine; `quiet_since(key, stamp, known_version)` says no such notice of
  /// `key` came since, or only notices of versions (Jira's `updated`, ms) no newer than
  /// `known_version`, the version the record holds.
  struct LocalNotices {
    std::function<uint64_t()> now;
    std::function<bool(const std::string& key, uint64_t stamp, int64_t known_version)> quiet_since;
    /// The clock now, to record with what is read or written next; 0 (not known) without one.
    uint64_t stamp() const { return now ? now() : 0; }
  };
  /// With it (a node with a dedicated account, whose own writes are told apart), an apply uses
  /// the twin's record of its issue instead of a read when no notice of another change to it
  /// came since that record was made in this process, and every conflict policy is remote: a
  /// read then could only show what the record shows, or a change the remote value wins over.
  void trust_local_notices(LocalNotices notices) { notices_ = std::move(notices); }
  /// Called after each apply of a change from the peer, with its change-to-twin latency (ms).
  void on_change_latency(std::function<void(int64_t)> f) { change_latency_ = std::move(f); }

  // --- outgoing
  /// A local issue changed: reads it and, for a twin (or an issue a trigger matches, or when
  /// `force`), runs the outgoing rules and queues a replica when it differs from the last one sent.
  /// With `skip_oversize`, new files over the attachment limit are sent without their bytes
  /// (the operator resolved such an error) instead of parking the twin.
  Result<StepResult> local_change(const std::string& key, bool force = false, bool skip_oversize = false);
  /// The same for an issue already read.
  Result<StepResult> outgoing(const Value& issue, bool force);
  /// Group commit: several issues already read through the outgoing side in one store
  /// transaction (one fsync for all). Each change runs in a savepoint of its own: a change that
  /// fails is undone alone and reported in its slot, the others commit together. The outer error
  /// is a failed commit (nothing of the batch was written; each change can simply run again).
  /// Holds the locks of all the batch's twins, and attachment downloads happen inside the
  /// transaction, so keep batches small (tens of changes).
  /// `read_since`: write_generation() taken before the issues were read; an issue this engine
  /// wrote since is not sent from that read (it may predate the write) but read again.
  /// `notice_stamp`: the node's notice clock (trust_local_notices) taken before the reads; the
  /// issues read then become the twins' known snapshots (0: not known).
  Result<std::vector<Result<StepResult>>> outgoing_batch(const std::vector<Value>& issues, bool force = false,
                                                         uint64_t read_since = kUnknownGeneration,
                                                         uint64_t notice_stamp = 0);
  /// Counts the local writes this engine has finished; see outgoing_batch.
  uint64_t write_generation();
  static constexpr uint64_t kUnknownGeneration = UINT64_MAX;
  /// Changes per outgoing_batch when they queue up (the node's outgoing loop, bulk).
  static constexpr size_t kBatchSize = 32;
  /// Replicas of one twin folded into one apply at most (a backlog of one issue's changes costs
  /// one write: apply_replica).
  static constexpr size_t kMaxFolded = 64;
  /// And their payloads' bytes together at most (a peer decides how large an event is).
  static constexpr int64_t kMaxFoldedBytes = 4 * 1024 * 1024;
  /// Parks the twin of local issue `key` (if it has one) for a failure outside the rules, such
  /// as an outgoing step that kept failing; the reason is shown on the twin and in the errors.
  Status park_outgoing(const std::string& key, const std::string& kind, const std::string& message);
  /// Does an active trigger of the rules match this issue?
  Result<bool> triggered(const Value& issue);
  /// The header synced comments carry, as the running rules' `commentFormat` says.
  CommentFormat comment_format() const;
  /// What a draft of the rules would send for a local issue, beside what the running rules send
  /// and what was sent last (a dry run: nothing is written, nothing is sent).
  struct Preview {
    bool under_sync = false;
    Value sent, running, draft;  // replicas (null: nothing would be sent)
    std::string running_error, draft_error;
    std::vector<std::string> draft_triggers;  // the draft's active triggers that match the issue
  };
  Result<Preview> preview(const Program& draft, const Value& issue);
  /// A trigger of the running rules as the operator sees it: `active` now, and as the rule file
  /// says (`inactive` there is the default an operator can switch at runtime).
  struct TriggerView {
    std::string name, jql, note;
    bool active = true, file_active = true;
    std::vector<std::string> lookups;  // the tracker data its JQL asks for: "membersOf(qa)"
  };
  std::vector<TriggerView> triggers() const;
  /// Switches a trigger on or off from now on, kept in the store across restarts and publishes.
  Status set_trigger_active(const std::string& name, bool active);
  /// Every issue a trigger matches now, queued for sync; the number queued.
  Result<size_t> bulk(const std::string& trigger, const std::function<void(size_t, size_t)>& progress = {});

  // --- the transport's side
  /// Undelivered outbound events in order (none while the connection is paused: they wait).
  Result<std::vector<store::Event>> pending_outbound(size_t max);
  Status mark_delivered(const std::vector<std::string>& event_ids);
  /// The peer refused an event for good (or it cannot travel at all): it waits, and its twin
  /// parks with `reason`, while every other twin keeps flowing.
  Status refuse_outbound(const std::string& event_id, const std::string& reason);

  // --- incoming
  Status accept(const std::vector<store::Event>& events);
  /// Applies pending inbox events in order per twin; `lane`/`lanes` split twins between workers.
  Result<size_t> apply_ready(size_t max, size_t lane = 0, size_t lanes = 1);

  // --- operations
  Result<StepResult> exalate(const std::string& key);
  Status unexalate(const std::string& key);
  Status connect(const std::string& key, const std::string& remote_key);
  Status pause();
  Status resume();
  bool paused();
  /// The connection is deleted: from now on it reads no change, sends nothing and applies
  /// nothing. Its twins become unexalated with `reason` (their issues stay as they are); with
  /// `forget`, every row of it goes too (twins, history, queues, errors, counters, rule
  /// versions). Returns the twins that were under sync, whose links show_unexalated updates.
  Result<std::vector<store::Twin>> delete_connection(const std::string& reason, bool forget);
  /// The peer deleted its side: every twin becomes unexalated with `reason` (the connection
  /// itself stays, to be paired again). Returns the twins that were under sync.
  Result<std::vector<store::Twin>> unexalate_all(const std::string& reason);
  /// Marks the link on each twin's local issue unexalated (one tracker write each, outside any
  /// transaction); how many writes failed.
  size_t show_unexalated(const std::vector<store::Twin>& twins, const std::string& reason);
  /// Twins made on this side that the other side has not answered since before
  /// `created_before_ms` show "waiting for remote" on their issues (once each); how many now.
  size_t show_waiting(int64_t created_before_ms);
  /// Stops the engine taking work (a connection deleted before this start).
  void retire() { retired_ = true; }
  bool retired() const { return retired_; }
  /// Retry: the twin's failed events become pending again. Resolve: the event is dropped and
  /// the twin continues with the next one.
  Status retry(int64_t error_id);
  Status resolve(int64_t error_id);

 private:
  Status settle(int64_t error_id, bool retry);
  Status settle_refusal(store::Tx& tx, const store::ErrorRecord& e, bool retry);
  Status skip_failed_event(store::Tx& tx, store::Twin& t, const std::string& event_id);
  Status strip_refused_event(store::Tx& tx, const std::string& event_id);
  Result<StepResult> apply_event(const store::Event& e);
  /// Why a link or connect from the peer may not bind this twin (nullopt: it may).
  std::optional<std::string> repointing(const store::Twin& twin, const store::Event& e) const;
  /// Why a local issue with no twin may not be connected by the peer (nullopt: a trigger matches it).
  Result<std::optional<std::string>> outside_scope(const std::string& local_key);
  Result<std::optional<std::string>> remote_taken(const store::Event& e, int64_t twin_id);
  Result<StepResult> refuse_event(const store::Event& e, int64_t twin_id, const std::string& why);
  /// Applies replica `e`, or with `later` (the replicas queued right behind it) the last of them:
  /// each replica is the whole issue as the peer sends it, so the last holds every change of the
  /// run, and one write applies them all (the others are recorded as superseded).
  Result<StepResult> apply_replica(store::Twin& twin, const store::Event& e, std::vector<store::Event> later = {});
  Result<StepResult> apply_replica_run(store::Twin& twin, const store::Event& e, std::vector<store::Event> later);
  // apply_replica's phases (incoming.cpp): an answer ends the apply, nullopt goes on.
  struct ReplicaApply;
  using ApplyStop = std::optional<Result<StepResult>>;
  ApplyStop replica_local_issue(ReplicaApply& a);
  ApplyStop replica_rules(ReplicaApply& a);
  ApplyStop replica_fields(ReplicaApply& a);
  Status flush_intents(ReplicaApply& a);
  ApplyStop replica_items(ReplicaApply& a);
  ApplyStop replica_create_item(ReplicaApply& a, const ItemOp& op, const std::string& intent);
  Result<StepResult> replica_record(ReplicaApply& a);
  Status record_events(store::Tx& tx, ReplicaApply& a, const std::string& outcome);
  static std::optional<int64_t> change_latency(const store::Event& e, int64_t applied_ms);
  Result<StepResult> replica_failed(ReplicaApply& a, const Error& err, const std::string& what);
  Status choose_folded(ReplicaApply& a);
  ApplyStop park_apply(ReplicaApply& a, const std::string& kind, const std::string& message, const std::string& answer);
  void announce_new_issue(ReplicaApply& a, const Value& after);
  Result<StepResult> apply_control(store::Twin& twin, const store::Event& e);
  /// One change inside `batch` (the caller holds the twin's lock), or in transactions of its own.
  Result<StepResult> outgoing_in(const Value& issue, bool force, store::Tx* batch, bool skip_oversize = false,
                                 uint64_t read_since = kUnknownGeneration, uint64_t notice_stamp = 0);
  // outgoing_in's phases (outgoing.cpp).
  Result<std::optional<store::TwinRef>> outgoing_twin(const Value& issue, const std::string& key, bool force,
                                                      store::Tx* batch);
  std::optional<StepResult> outgoing_read_too_old(const store::Twin& t, const Value& issue, const std::string& key,
                                                  uint64_t read_since);
  Result<std::vector<store::ItemPair>> outgoing_items(store::Tx& tx, int64_t twin_id, const Value& issue,
                                                      const CommentFormat& format);
  Status outgoing_queue(store::Tx& tx, store::Twin& t, const Value& issue, Value replica, const std::vector<Value>& parts,
                        const std::string& fields, uint64_t notice_stamp);
  /// An apply starts (true) or ends (false) writing local issue `key`: counted, and told the node.
  void note_local_writes(const std::string& key, bool begin);
  /// Was `key` written (or is it being written) since generation `since`?
  bool written_since(const std::string& key, uint64_t since);
  /// Parks within a transaction; the state shown on the issue is the caller's to set after commit.
  Status park_in(store::Tx& tx, store::Twin& twin, const store::Event* e, const std::string& direction,
                 const std::string& kind, const std::string& message);
  Status park(store::Twin& twin, const store::Event* e, const std::string& direction, const std::string& kind,
              const std::string& message);
  Status transient(const store::Event& e, const std::string& message, StepResult& out);
  /// The outgoing rules on an issue: the running ones, or `with` (a draft).
  Value run_outgoing_rules(const Value& issue, const Value& previous, bool first_sync, std::string* error,
                           const Program* with = nullptr);
  Value attribute_echo(const store::Twin& twin, const Value& before, const Value& after);
  std::mutex& twin_lock(int64_t twin_id) { return twin_locks_[static_cast<size_t>(twin_id) % twin_locks_.size()]; }
  /// The twin's state on its local issue: a remote link that opens the twin (show_state_on_issue).
  void show_link(const std::string& local_key, const std::string& remote_key, const std::string& state,
                 const std::string& reason = "");
  void notify_outbox() {
    if (notify_outbox_) notify_outbox_();
  }

  std::string name_;
  std::atomic<bool> retired_{false};
  std::atomic<int> paused_{-1};  // the connection's state in the store: -1 not read yet, 0 active, 1 paused
  store::SyncStore& store_;
  TrackerPort& tracker_;
  EngineOptions options_;
  int64_t id_ = 0;
  mutable std::mutex rules_mu_;
  std::shared_ptr<const Program> program_;
  std::string rules_version_;
  // By trigger name, under rules_mu_: the operator's switch and the JQL it was made for.
  std::map<std::string, std::pair<bool, std::string>> trigger_states_;
  bool trigger_active(const TriggerInfo& t) const;
  std::array<std::mutex, 64> twin_locks_;
  std::function<void()> notify_outbox_;
  std::function<void(const std::string&)> request_outgoing_;
  std::function<void(const std::string&, const Value&)> change_read_;
  std::function<void(const std::string&, bool)> local_writes_;
  LocalNotices notices_;
  std::function<void(int64_t)> change_latency_;
  std::mutex known_mu_;
  std::map<int64_t, uint64_t> known_at_;  // twin id -> notice clock when its snapshot was last true
  /// The twin's snapshot is its issue as it is now (see trust_local_notices).
  bool snapshot_current(const store::Twin& twin);
  void remember_snapshot(int64_t twin_id, uint64_t stamp);
  void forget_snapshot(int64_t twin_id);
  std::mutex writes_mu_;
  uint64_t write_generation_ = 0;
  std::map<std::string, uint64_t> written_at_;  // local key -> generation its last write ended
  std::map<std::string, int> writing_now_;      // local key -> applies writing it now
  uint64_t forgotten_below_ = 0;                // written_at_ was cleared at this generation
};

}  // namespace twinsync::sync
