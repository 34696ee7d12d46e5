// sync_store.h — the node's transactional store (SQLite, WAL): connections, twins, outbox and
// inbox, the item map, the error queue, watermarks, history and statistics. Every operation runs
// inside a Tx, which holds the store's lock and an IMMEDIATE transaction, so that one change is
// one transaction and several threads can share the store.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/store/records.h"
#include "runtime/store/stat_kind.h"

namespace twinsync::store {

class SyncStore;

/// A transaction on the store. Commit it; destroying it uncommitted rolls everything back.
class Tx {
 public:
  Tx(Tx&&) = default;
  Status commit();

 private:
  friend class SyncStore;
  Tx(std::unique_lock<std::mutex> lock, sqlite::Transaction tx) : lock_(std::move(lock)), tx_(std::move(tx)) {}
  std::unique_lock<std::mutex> lock_;
  sqlite::Transaction tx_;
};

/// A twin's id and state without its replicas (nothing to decode): what finding one needs.
struct TwinRef {
  int64_t id = 0;
  TwinState state = TwinState::New;
  std::optional<std::string> remote_key;
};

struct ConnectionRow {
  int64_t id = 0;
  std::string name;
  std::string state;          // active | paused
  std::string rules_version;
  std::string title;          // what operators call it ("" = its name); the name stays its identity
  std::string description;    // the operators' description ("" = the rule file's)
  int64_t deleted_ms = 0;     // when an operator deleted it (0: not deleted)
};

class SyncStore {
 public:
  /// PRAGMA application_id of a twinsync store ("TSYN"): a database of another program is refused.
  static constexpr int64_t kApplicationId = 0x5453594E;

  /// Opens (creating or migrating) the store at `path`. A file that is no SQLite database, a
  /// damaged one (quick_check), a database of another application (application_id, tables) or a
  /// store from a newer twinsync (user_version) is an error naming the file, and the file is left
  /// byte for byte as it was. Errors of a full disk later name the file too (kind "disk_full").
  static Result<std::unique_ptr<SyncStore>> open(const std::string& path,
                                                 sqlite::Synchronous sync = sqlite::Synchronous::Full);
  ~SyncStore();

  Result<Tx> begin();
  /// A savepoint inside a transaction, so that one change of a group commit can be undone alone
  /// (rollback_to undoes what followed the savepoint and ends it; release keeps it).
  Status savepoint(Tx&);
  Status release(Tx&);
  Status rollback_to(Tx&);

  // connections
  Result<ConnectionRow> ensure_connection(Tx&, const std::string& name);
  Result<std::vector<ConnectionRow>> connections(Tx&);
  Status set_connection_state(Tx&, int64_t connection, const std::string& state);
  Status set_connection_label(Tx&, int64_t connection, const std::string& title, const std::string& description);
  /// Marks a connection deleted at `at_ms` (its row stays, so the node file cannot revive it).
  Status set_connection_deleted(Tx&, int64_t connection, int64_t at_ms);
  /// Every twin of a connection not unexalated yet becomes unexalated with `reason`; the
  /// connection's open errors are resolved (nothing of it will be retried).
  Status unexalate_twins(Tx&, int64_t connection, const std::string& reason);
  /// Removes every row a connection owns (twins, items, history, queues, errors, counters,
  /// trigger switches, rule versions); the connection's own row stays.
  Status forget_connection(Tx&, int64_t connection);
  /// Records a rule version (its text and author) and makes it the connection's running version.
  Status record_rules(Tx&, int64_t connection, const std::string& hash, const std::string& source_path,
                      const std::string& bytecode, const std::string& source_text = {}, const std::string& author = {});
  Result<std::optional<RuleVersion>> rule_version(Tx&, int64_t connection, const std::string& hash);
  /// Every version of a connection's rules, oldest first.
  Result<std::vector<RuleVersion>> rule_versions(Tx&, int64_t connection);
  /// The hash of the rule file's text the node last read from disk ("" before the first).
  Result<std::string> rules_file_hash(Tx&, int64_t connection);
  Status set_rules_file_hash(Tx&, int64_t connection, const std::string& hash);

  // twins
  Result<std::optional<Twin>> twin_by_local(Tx&, int64_t connection, const std::string& key);
  Result<std::optional<TwinRef>> twin_ref_by_local(Tx&, int64_t connection, const std::string& key);
  Result<std::optional<Twin>> twin_by_remote(Tx&, int64_t connection, const std::string& key);
  Result<std::optional<Twin>> twin_by_id(Tx&, int64_t id);
  Result<std::vector<Twin>> twins(Tx&, int64_t connection);
  Result<std::vector<Twin>> twins_creating(Tx&, int64_t connection);
  /// Twins made on this side (state waiting) at or before `created_ms`, whose other side has not
  /// answered yet and whose issue does not show it yet: their ids and local keys, at most `max`.
  Result<std::vector<std::pair<int64_t, std::string>>> twins_waiting_since(Tx&, int64_t connection, int64_t created_ms,
                                                                           int max);
  /// Whether the twin's issue shows a "waiting for remote" link (set_waiting_shown).
  Result<bool> waiting_shown(Tx&, int64_t twin);
  Status set_waiting_shown(Tx&, int64_t twin, bool shown);
  /// Inserts `twin` and sets its id.
  Status insert_twin(Tx&, Twin& twin);
  Status update_twin(Tx&, const Twin& twin);
  /// Twins per state, and the time of the last sync.
  Result<std::map<std::string, int64_t>> twin_counts(Tx&, int64_t connection, int64_t* last_sync_ms);

  // outbox: what this node sends
  Result<Event> append_outbox(Tx&, int64_t connection, const std::string& kind, const std::string& twin_key,
                              int64_t twin_seq, const std::string& payload);
  Result<std::vector<Event>> pending_outbox(Tx&, int64_t connection, size_t max);
  Status mark_delivered(Tx&, int64_t connection, const std::vector<std::string>& event_ids);
  Result<int64_t> count_pending_outbox(Tx&, int64_t connection);
  Result<std::optional<Event>> outbox_event(Tx&, int64_t connection, const std::string& event_id);
  /// The peer refused the event for good: it and its twin's later events wait (not sent) until
  /// rearm_outbox, after the operator's retry or resolve.
  Status refuse_outbox(Tx&, int64_t connection, const std::string& event_id);
  Status rearm_outbox(Tx&, int64_t connection, const std::string& twin_key);
  Status set_outbox_payload(Tx&, int64_t connection, const std::string& event_id, const std::string& payload);

  // inbox: what arrived
  /// Stores events; ids already stored are ignored (redelivery is harmless).
  Status accept_inbox(Tx&, int64_t connection, const std::vector<Event>& events);
  /// Pending events due by `now_ms`, ordered by twin and sequence.
  Result<std::vector<Event>> ready_inbox(Tx&, int64_t connection, int64_t now_ms, size_t max);
  /// Pending events of twin `twin_key` after its sequence number `after_seq`, in order (at most
  /// `max`), without their payloads (payload_bytes says each one's size; inbox_event reads one).
  Result<std::vector<Event>> later_inbox(Tx&, int64_t connection, const std::string& twin_key, int64_t after_seq,
                                         size_t max);
  Status update_inbox(Tx&, const Event& event);
  /// One inbox event by its id, whatever its state.
  Result<std::optional<Event>> inbox_event(Tx&, int64_t connection, const std::string& event_id);
  /// Failed events of a twin become pending again (retry).
  Status rearm_inbox(Tx&, int64_t connection, const std::string& twin_key);
  Result<int64_t> count_pending_inbox(Tx&, int64_t connection);

  // comments and attachments synced in
  Result<std::vector<ItemPair>> items(Tx&, int64_t twin);
  Status put_item(Tx&, int64_t twin, const ItemPair& item);
  Status delete_item(Tx&, int64_t twin, const std::string& kind, const std::string& remote_id);

  // errors
  Result<int64_t> add_error(Tx&, int64_t connection, int64_t twin, const std::string& direction,
                            const std::string& event_id, const std::string& kind, const std::string& message);
  Result<std::vector<ErrorRecord>> open_errors(Tx&);
  /// How many errors of the connection are open, from the index alone (status and /metrics ask
  /// it per connection; reading the open errors themselves cost every one of every connection).
  Result<int64_t> count_open_errors(Tx&, int64_t connection);
  Result<std::optional<ErrorRecord>> error_by_id(Tx&, int64_t id);
  Status set_error_state(Tx&, int64_t id, const std::string& state);
  /// Whether the twin already has an open error of this kind and message (parking again on the
  /// next change of the same issue adds no second one).
  Result<bool> has_open_error(Tx&, int64_t twin, const std::string& kind, const std::string& message);
  Status close_twin_errors(Tx&, int64_t twin, const std::string& state);

  // watermarks, history, statistics
  Result<std::optional<int64_t>> load_watermark(Tx&, const std::string& name);
  Status store_watermark(Tx&, const std::string& name, int64_t value);
  Status add_history(Tx&, int64_t connection, int64_t twin, const HistoryEntry& entry);
  Result<std::vector<HistoryEntry>> history(Tx&, int64_t twin);
  /// Adds to a counter of a connection, today's and the node's total.
  Status add_stat(Tx&, int64_t connection, Stat stat, int64_t delta = 1);
  /// A connection's counters per day, from day `since_day` (days since the epoch, UTC).
  Result<std::vector<DayStat>> day_stats(Tx&, int64_t connection, int64_t since_day);
  /// The twin synced last (its local key, or its remote one before it has a local issue).
  Result<std::optional<std::pair<std::string, int64_t>>> last_synced(Tx&, int64_t connection);

  // triggers switched on or off at runtime
  /// By trigger name: switched on or off, and the trigger's JQL when it was switched.
  Result<std::map<std::string, std::pair<bool, std::string>>> trigger_states(Tx&, int64_t connection);
  Status set_trigger_state(Tx&, int64_t connection, const std::string& name, bool active, const std::string& jql);
  /// Deletes delivered outbox rows, applied or skipped inbox rows, history and closed errors
  /// older than `before_ms`; returns how many rows went.
  Result<int64_t> prune(Tx&, int64_t before_ms);
  Result<std::map<std::string, int64_t>> stats(Tx&);

  const std::string& path() const { return db_.path(); }
  /// Caps the file at `max_pages` pages (PRAGMA max_page_count, this connection only): what a
  /// full disk looks like, for tests.
  Status limit_pages(int64_t max_pages);

 private:
  enum class Sql {
#define SQL(name, text) name,
#include "runtime/store/statements.def"
#undef SQL
    Count
  };
  SyncStore(sqlite::Database db) : db_(std::move(db)) {}
  Status prepare_all();
  sqlite::Statement& st(Sql which) { return statements_[static_cast<size_t>(which)]; }
  Result<std::optional<Twin>> one_twin(sqlite::Statement& s);
  /// `payload_sizes`: the statement's sixth column is the payload's length, not the payload.
  Result<std::vector<Event>> read_events(sqlite::Statement& s, bool inbox, bool payload_sizes = false);

  sqlite::Database db_;
  std::vector<sqlite::Statement> statements_;
  std::mutex mu_;
};

/// A new globally unique id (128 random bits, hex).
std::string new_event_id();

}  // namespace twinsync::store
