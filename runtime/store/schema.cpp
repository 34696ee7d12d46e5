// schema.cpp — the sync store's schema, one numbered migration per change (see sqlite::migrate).
#include "runtime/store/schema.h"

namespace twinsync::store {
namespace {

constexpr std::string_view kV1 = R"sql(
CREATE TABLE connection(
  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
  rules_version TEXT, created_ms INTEGER NOT NULL);
CREATE TABLE rule_version(
  hash TEXT NOT NULL, connection INTEGER NOT NULL REFERENCES connection, source_path TEXT NOT NULL,
  bytecode BLOB NOT NULL, created_ms INTEGER NOT NULL, PRIMARY KEY(connection, hash));
CREATE TABLE twin(
  id INTEGER PRIMARY KEY, connection INTEGER NOT NULL REFERENCES connection,
  local_key TEXT, remote_key TEXT,
  state TEXT NOT NULL, reason TEXT NOT NULL DEFAULT '',
  out_seq INTEGER NOT NULL DEFAULT 0, in_seq INTEGER NOT NULL DEFAULT 0,
  sent BLOB, received BLOB, snapshot BLOB,
  create_marker TEXT, last_sync_ms INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,
  UNIQUE(connection, local_key), UNIQUE(connection, remote_key));
CREATE TABLE item_map(
  twin INTEGER NOT NULL REFERENCES twin, kind TEXT NOT NULL, remote_id TEXT NOT NULL,
  local_id TEXT, intent_ms INTEGER NOT NULL, intent TEXT NOT NULL DEFAULT '', PRIMARY KEY(twin, kind, remote_id));
CREATE TABLE outbox(
  seq_no INTEGER PRIMARY KEY, connection INTEGER NOT NULL REFERENCES connection,
  event_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, twin_key TEXT NOT NULL, twin_seq INTEGER NOT NULL,
  payload BLOB NOT NULL, created_ms INTEGER NOT NULL, delivered INTEGER NOT NULL DEFAULT 0);
CREATE INDEX outbox_pending ON outbox(connection, delivered, seq_no);
CREATE TABLE inbox(
  seq_no INTEGER PRIMARY KEY, connection INTEGER NOT NULL REFERENCES connection,
  event_id TEXT NOT NULL, kind TEXT NOT NULL, twin_key TEXT NOT NULL, twin_seq INTEGER NOT NULL,
  payload BLOB NOT NULL, received_ms INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'applied', 'skipped', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0, next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  UNIQUE(connection, event_id));
CREATE INDEX inbox_pending ON inbox(connection, state, twin_key, twin_seq);
CREATE TABLE error(
  id INTEGER PRIMARY KEY, connection INTEGER NOT NULL REFERENCES connection, twin INTEGER REFERENCES twin,
  direction TEXT NOT NULL, event_id TEXT, kind TEXT NOT NULL, message TEXT NOT NULL,
  created_ms INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'retried', 'resolved')));
CREATE INDEX error_open ON error(state, connection);
CREATE TABLE watermark(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE history(
  id INTEGER PRIMARY KEY, connection INTEGER NOT NULL, twin INTEGER NOT NULL, direction TEXT NOT NULL,
  event_id TEXT, rules_version TEXT, outcome TEXT NOT NULL, fields TEXT NOT NULL, at_ms INTEGER NOT NULL);
CREATE INDEX history_by_twin ON history(twin, id);
CREATE TABLE stat(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
)sql";

// Rule versions keep their text and who published them (they are published as text, and the
// running one survives a restart); the connection remembers the rule file it last read from disk.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE rule_version ADD COLUMN source_text TEXT NOT NULL DEFAULT '';
ALTER TABLE rule_version ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE connection ADD COLUMN rules_file_hash TEXT NOT NULL DEFAULT '';
)sql";

// Operations: a trigger switched on or off at runtime (over the rule file's default, for the JQL
// it had then: a trigger redefined under the same name starts from its file's default), counters
// per connection and day, when a change left the peer (for change-to-twin latency), and the
// twin synced last.
constexpr std::string_view kV3 = R"sql(
CREATE TABLE trigger_state(
  connection INTEGER NOT NULL REFERENCES connection, name TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)), changed_ms INTEGER NOT NULL, jql TEXT NOT NULL,
  PRIMARY KEY(connection, name));
CREATE TABLE stat_day(
  connection INTEGER NOT NULL REFERENCES connection, day INTEGER NOT NULL, name TEXT NOT NULL,
  value INTEGER NOT NULL, PRIMARY KEY(connection, day, name));
ALTER TABLE inbox ADD COLUMN origin_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX twin_last_sync ON twin(connection, last_sync_ms);
)sql";

// A connection's name is its identity (the store's rows, the peer's URL and keys use it); what
// operators call it and how they describe it can change without touching any of that.
constexpr std::string_view kV4 = R"sql(
ALTER TABLE connection ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE connection ADD COLUMN description TEXT NOT NULL DEFAULT '';
)sql";

// A deleted connection stays as a row (a tombstone), so a node file that still names it does not
// bring it back at the next start; its twins and history stay unless the operator removed them.
// A twin remembers that its issue shows "waiting for remote", a link of its own to remove once
// the twin has its key.
constexpr std::string_view kV5 = R"sql(
ALTER TABLE connection ADD COLUMN deleted_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE twin ADD COLUMN waiting_shown INTEGER NOT NULL DEFAULT 0 CHECK (waiting_shown IN (0, 1));
)sql";

// A twin's state is one of twin_states.def (tests/runtime/store_schema_test.cpp holds the list
// below equal to it). SQLite adds a CHECK only by rebuilding the table; its rows, ids and
// index come along unchanged.
constexpr std::string_view kV6 = R"sql(
CREATE TABLE twin_checked(
  id INTEGER PRIMARY KEY, connection INTEGER NOT NULL REFERENCES connection,
  local_key TEXT, remote_key TEXT,
  state TEXT NOT NULL CHECK (state IN ('new', 'waiting', 'creating', 'synchronized', 'blocked', 'unexalated')),
  reason TEXT NOT NULL DEFAULT '',
  out_seq INTEGER NOT NULL DEFAULT 0, in_seq INTEGER NOT NULL DEFAULT 0,
  sent BLOB, received BLOB, snapshot BLOB,
  create_marker TEXT, last_sync_ms INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL,
  waiting_shown INTEGER NOT NULL DEFAULT 0 CHECK (waiting_shown IN (0, 1)),
  UNIQUE(connection, local_key), UNIQUE(connection, remote_key));
INSERT INTO twin_checked(id, connection, local_key, remote_key, state, reason, out_seq, in_seq, sent, received,
                         snapshot, create_marker, last_sync_ms, created_ms, waiting_shown)
  SELECT id, connection, local_key, remote_key, state, reason, out_seq, in_seq, sent, received,
         snapshot, create_marker, last_sync_ms, created_ms, waiting_shown FROM twin;
DROP TABLE twin;
ALTER TABLE twin_checked RENAME TO twin;
CREATE INDEX twin_last_sync ON twin(connection, last_sync_ms);
)sql";

// A deleted connection is written no more: a step that read its state before the delete and
// writes after it (an apply in flight, a late delivery) would bring back the rows that
// --remove-history removed, or mark an ended twin synchronized again. Every table that names a
// connection refuses a new row of a deleted one, and an ended twin of it stays ended; the step's
// transaction rolls back whole (ABORT, never IGNORE: an ignored insert leaves last_insert_rowid
// naming another row).
constexpr std::string_view kV7 = R"sql(
CREATE TRIGGER twin_of_deleted BEFORE INSERT ON twin
  WHEN (SELECT deleted_ms FROM connection WHERE id = NEW.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER twin_ended_stays_ended BEFORE UPDATE ON twin
  WHEN OLD.state = 'unexalated' AND (SELECT deleted_ms FROM connection WHERE id = OLD.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER item_of_deleted BEFORE INSERT ON item_map
  WHEN (SELECT c.deleted_ms FROM twin t JOIN connection c ON c.id = t.connection WHERE t.id = NEW.twin) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER outbox_of_deleted BEFORE INSERT ON outbox
  WHEN (SELECT deleted_ms FROM connection WHERE id = NEW.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER inbox_of_deleted BEFORE INSERT ON inbox
  WHEN (SELECT deleted_ms FROM connection WHERE id = NEW.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER error_of_deleted BEFORE INSERT ON error
  WHEN (SELECT deleted_ms FROM connection WHERE id = NEW.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER history_of_deleted BEFORE INSERT ON history
  WHEN (SELECT deleted_ms FROM connection WHERE id = NEW.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
CREATE TRIGGER stat_day_of_deleted BEFORE INSERT ON stat_day
  WHEN (SELECT deleted_ms FROM connection WHERE id = NEW.connection) <> 0
  BEGIN SELECT RAISE(ABORT, 'the connection is deleted'); END;
)sql";

// Twins by state. The look for twins still waiting for the other side (every few seconds), the
// twins being created (at start) and the counts per state (status, /metrics) read a connection's
// twins by state; without an index each walked the whole twin table, overflow pages of its
// replicas and snapshots included: at 100,000 twins about 100 MB read every 2.5 s by the node's
// sender. State changes a few times in a twin's life, so the index costs little to keep.
constexpr std::string_view kV8 = R"sql(
CREATE INDEX twin_state ON twin(connection, state);
)sql";

constexpr sqlite::Migration kMigrations[] = {
    {1, kV1},
    {2, kV2},
    {3, kV3},
    {4, kV4},
    {5, kV5},
    {6, kV6},
    {7, kV7},
    {8, kV8},
};

}  // namespace

std::span<const sqlite::Migration> migrations() { return kMigrations; }

}  // namespace twinsync::store
