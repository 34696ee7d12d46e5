// records.h — the rows of the sync store as the engine sees them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/vm/value.h"
#include "runtime/store/twin_state.h"

namespace twinsync::store {

/// A local issue and its twin on the other side, under one connection.
struct Twin {
  int64_t id = 0;
  int64_t connection = 0;
  std::optional<std::string> local_key;   // null until the local issue exists
  std::optional<std::string> remote_key;  // null until the other side has told its key
  TwinState state = TwinState::New;       // twin_states.def
  std::string reason;                     // why it is blocked
  int64_t out_seq = 0;                    // last sequence number sent
  int64_t in_seq = 0;                     // last sequence number applied
  Value sent;                             // the last replica sent (null before the first)
  Value received;                         // the last replica applied (`previous` of incoming)
  Value snapshot;                         // the local issue after the last sync: the 3-way base
  std::optional<std::string> create_marker;
  int64_t last_sync_ms = 0;
};

/// An event of the outbox or the inbox (the same shape travels between nodes).
struct Event {
  int64_t seq_no = 0;      // position in its queue
  std::string id;          // globally unique
  std::string kind;        // replica | link | connect | unexalate
  std::string twin_key;    // the sender's local issue key
  int64_t twin_seq = 0;    // per twin and direction, from 1
  std::string payload;
  int64_t at_ms = 0;       // created (outbox) or received (inbox)
  std::string state;       // inbox: pending | applied | skipped | failed
  int attempts = 0;
  int64_t next_attempt_ms = 0;
  int64_t origin_ms = 0;   // inbox: when the peer queued it (its clock), for change-to-twin latency
  int64_t payload_bytes = 0;  // later_inbox only: the payload's size, its bytes left unread
};

struct ErrorRecord {
  int64_t id = 0;
  std::string connection;
  int64_t twin = 0;
  std::string local_key, remote_key;
  std::string direction;   // outgoing | incoming
  std::string event_id;
  std::string kind;        // rule | tracker | workflow | transient | data | scope | refused | too_large
  std::string message;
  int64_t created_ms = 0;
  std::string state;       // open | retried | resolved
};

/// A published version of a connection's rules (the running one is the connection's rules_version).
struct RuleVersion {
  std::string hash;         // the compiled program's version hash
  std::string source_path;  // the name it was compiled under (a file, or what the publisher called it)
  std::string source_text;
  std::string author;       // "file" when read from the node's rule file at start
  int64_t created_ms = 0;   // when it was (last) published
};

struct HistoryEntry {
  int64_t id = 0;
  std::string direction;
  std::string event_id;
  std::string rules_version;
  std::string outcome;     // sent | applied | superseded | skipped | failed | created
  std::string fields;      // comma-separated field names that changed
  int64_t at_ms = 0;
};

/// A comment or attachment synced in: its id here and on the other side. A null local id is
/// an intent recorded before the item was created (found again after a crash).
struct ItemPair {
  std::string kind;  // comment | attachment
  std::string remote_id;
  std::optional<std::string> local_id;
  int64_t intent_ms = 0;
  std::string intent;  // what the create writes (a comment's text, a file's name), to find it again
};

}  // namespace twinsync::store
