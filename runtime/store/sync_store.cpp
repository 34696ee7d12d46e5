// sync_store.cpp — the sync store's operations over prepared statements.
#include "runtime/store/sync_store.h"

#include <openssl/rand.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "compiler/support/encoding.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_codec.h"
#include "runtime/sqlite/rows.h"
#include "runtime/store/schema.h"

namespace twinsync::store {
namespace {

constexpr const char* kSql[] = {
#define SQL(name, text) text,
#include "runtime/store/statements.def"
#undef SQL
};

int64_t now_ms() { return datetime::now_ms(); }

// Values are stored in their compact binary form; null is SQL NULL.
sqlite::Statement& bind_value(sqlite::Statement& s, int index, const Value& v, std::string& scratch) {
  if (v.is_null()) return s.bind(index, nullptr);
  scratch = encode_value(v);
  return s.bind(index, sqlite::Blob{scratch});
}

Result<Value> column_value(sqlite::Statement& s, int col) {
  if (s.is_null(col)) return Value();
  auto v = decode_value(s.blob(col));
  if (!v) return make_error("the store holds a damaged replica: " + v.error().message, ErrorKind::Corrupt);
  return v;
}

// The first column of the first row (a count, a flag, a pragma's value); 0 when there is no row.
Result<int64_t> first_int(sqlite::Statement& s) {
  auto v = sqlite::first_row(s, [](sqlite::Statement& row) { return row.int64(0); });
  if (!v) return v.error();
  return v->value_or(0);
}

// The one event a lookup by its id found, if any.
Result<std::optional<Event>> first_event(Result<std::vector<Event>> events) {
  if (!events) return events.error();
  if (events->empty()) return std::optional<Event>();
  return std::optional<Event>(std::move(events->front()));
}

}  // namespace

std::string new_event_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // OpenSSL's generator failing is no reason to stop: the kernel's (getrandom) is as good.
    std::random_device kernel;
    for (unsigned char& b : bytes) b = static_cast<unsigned char>(kernel());
  }
  return hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

Status Tx::commit() {
  auto ok = tx_.commit();
  lock_.unlock();
  return ok;
}

namespace {

Result<int64_t> pragma_int(sqlite::Database& db, const std::string& pragma) {
  auto s = db.prepare("PRAGMA " + pragma);
  if (!s) return s.error();
  return first_int(*s);
}

// What the first 100 bytes say, before SQLite touches the file: nothing (a new or empty file),
// or an error for a file that is no SQLite database at all.
Status check_header(const std::string& path) {
  std::error_code ec;
  if (path.empty() || path == ":memory:" || !std::filesystem::exists(path, ec)) return ok_status();
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size == 0) return ok_status();  // SQLite makes an empty file a new database
  char header[100] = {};
  size_t n = 0;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    n = std::fread(header, 1, sizeof header, f);
    std::fclose(f);
  } else {
    return make_error("store " + path + ": cannot read it: " + std::strerror(errno), ErrorKind::Io);
  }
  if (n < sizeof header || std::memcmp(header, "SQLite format 3", 16) != 0) {
    return make_error("store " + path + ": not a SQLite database (damaged, truncated or some other kind of file); "
                          "move it away or point the node at another store",
                      ErrorKind::NotADatabase);
  }
  return ok_status();
}

std::string hex32(int64_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(static_cast<uint32_t>(v)));
  return buf;
}

// An existing file is checked before anything is written to it: intact, twinsync's own, and of a
// schema version this build knows. Every refusal leaves the file byte for byte as it was.
Status check_existing(sqlite::Database& db, const std::string& path, int latest) {
  const std::string where = "store " + path + ": ";
  auto check = db.prepare("PRAGMA quick_check(1)");
  if (!check) return make_error(where + "damaged: " + check.error().message, ErrorKind::Corrupt);
  auto row = check->step();
  if (!row) {
    return row.error().kind == ErrorKind::Corrupt ? row.error()
                                         : make_error(where + "damaged: " + row.error().message, ErrorKind::Corrupt);
  }
  if (*row && check->text(0) != "ok") {
    std::string finding = check->text(0);
    for (char& c : finding) c = c == '\n' ? ' ' : c;  // one line
    return make_error(where + "damaged (quick_check: " + finding + "); restore it from a backup", ErrorKind::Corrupt);
  }
  check->reset();
  auto app = pragma_int(db, "application_id");
  if (!app) return app.error();
  auto version = pragma_int(db, "user_version");
  if (!version) return version.error();
  if (*app != 0 && *app != SyncStore::kApplicationId) {
    return make_error(where + "a SQLite database of another application (application_id " + hex32(*app) +
                          "), not a twinsync store",
                      ErrorKind::Foreign);
  }
  if (*app == 0) {
    // Stores from before the application id: told apart by their tables.
    auto tables = db.prepare(
        "SELECT COUNT(*), COALESCE(SUM(name IN ('connection', 'twin', 'outbox', 'inbox')), 0) FROM sqlite_master "
        "WHERE type = 'table'");
    if (!tables) return tables.error();
    if (auto r = tables->step(); !r) return r.error();
    const int64_t all = tables->int64(0), ours = tables->int64(1);
    if ((all > 0 && ours < 4) || (all == 0 && *version != 0)) {
      return make_error(where + "a SQLite database of another application (" + std::to_string(all) +
                            " tables, none of twinsync's; user_version " + std::to_string(*version) +
                            "), not a twinsync store",
                        ErrorKind::Foreign);
    }
  }
  if (*version > latest) {
    return make_error(where + "schema version " + std::to_string(*version) + " is newer than this twinsync (knows " +
                          std::to_string(latest) + "); upgrade twinsync",
                      ErrorKind::SchemaTooNew);
  }
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<SyncStore>> SyncStore::open(const std::string& path, sqlite::Synchronous sync) {
  if (auto ok = check_header(path); !ok) return ok.error();
  sqlite::OpenOptions options;
  options.synchronous = sync;
  options.wal = false;  // switched on below, once the file is known to be ours
  auto db = sqlite::Database::open(path, options);
  if (!db) {
    const Error& e = db.error();
    if (e.kind == ErrorKind::NotADatabase) {
      return reworded(e, "store " + path + ": not a SQLite database (damaged, truncated or some other kind of file)");
    }
    if (e.message.rfind("store ", 0) == 0) return e;
    return reworded(e, "store " + path + ": " + e.message);
  }
  const int latest = static_cast<int>(migrations().size());
  if (auto ok = check_existing(*db, path, latest); !ok) return ok.error();
  if (auto ok = db->exec("PRAGMA journal_mode=WAL"); !ok) return reworded(ok.error(), "store " + path + ": " + ok.error().message);
  if (auto ok = sqlite::migrate(*db, migrations(), "sync store"); !ok) {
    return reworded(ok.error(), "store " + path + ": " + ok.error().message);
  }
  auto app = pragma_int(*db, "application_id");
  if (!app) return app.error();
  if (*app != kApplicationId) {
    if (auto ok = db->exec("PRAGMA application_id = " + std::to_string(kApplicationId)); !ok) return ok.error();
  }
  std::unique_ptr<SyncStore> store(new SyncStore(std::move(*db)));
  if (auto ok = store->prepare_all(); !ok) return ok.error();
  return store;
}

Status SyncStore::limit_pages(int64_t max_pages) {
  std::lock_guard lock(mu_);
  return db_.exec("PRAGMA max_page_count = " + std::to_string(max_pages));
}

SyncStore::~SyncStore() = default;

Status SyncStore::prepare_all() {
  for (const char* sql : kSql) {
    auto s = db_.prepare(sql);
    if (!s) return s.error();
    statements_.push_back(std::move(*s));
  }
  return ok_status();
}

Result<Tx> SyncStore::begin() {
  std::unique_lock lock(mu_);
  auto tx = db_.begin();
  if (!tx) return tx.error();
  return Tx(std::move(lock), std::move(*tx));
}

Status SyncStore::savepoint(Tx&) { return st(Sql::Savepoint).run(); }

Status SyncStore::release(Tx&) { return st(Sql::ReleaseSavepoint).run(); }

Status SyncStore::rollback_to(Tx& tx) {
  if (auto ok = st(Sql::RollbackToSavepoint).run(); !ok) return ok;
  return release(tx);
}

// --- twins

namespace {

// A state outside twin_states.def cannot pass the column's CHECK: a store that holds one anyway
// was altered behind twinsync's back.
Result<TwinState> twin_state_at(sqlite::Statement& s, int col, int64_t twin_id) {
  const std::string name = s.text(col);
  if (auto known = twin_state_from_name(name)) return *known;
  return make_error("twin " + std::to_string(twin_id) + " has the unknown state \"" + name + "\"", ErrorKind::Corrupt);
}

}  // namespace

namespace {

// The twin on the statement's current row; a row that does not read (an unknown state, a damaged
// replica) is an error of kind corrupt.
Result<Twin> twin_at(sqlite::Statement& s) {
  Twin t;
  t.id = s.int64(0);
  t.connection = s.int64(1);
  t.local_key = s.text_or_null(2);
  t.remote_key = s.text_or_null(3);
  const std::string state = s.text(4);
  auto known = twin_state_from_name(state);
  if (!known) return make_error("twin " + std::to_string(t.id) + " has the unknown state \"" + state + "\"", ErrorKind::Corrupt);
  t.state = *known;
  t.reason = s.text(5);
  t.out_seq = s.int64(6);
  t.in_seq = s.int64(7);
  for (auto [col, slot] : {std::pair{8, &t.sent}, std::pair{9, &t.received}, std::pair{10, &t.snapshot}}) {
    auto v = column_value(s, col);
    if (!v) return v.error();
    *slot = std::move(*v);
  }
  t.create_marker = s.text_or_null(11);
  t.last_sync_ms = s.int64(12);
  return t;
}

// Every twin `s` selects; one that does not read fails the whole read.
Result<std::vector<Twin>> all_twins(sqlite::Statement& s) {
  std::vector<Twin> out;
  Status ok = sqlite::each_row(s, [&](sqlite::Statement& row) -> Status {
    auto t = twin_at(row);
    if (!t) return t.error();
    out.push_back(std::move(*t));
    return ok_status();
  });
  if (!ok) return ok.error();
  return out;
}

}  // namespace

Result<std::optional<Twin>> SyncStore::one_twin(sqlite::Statement& s) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) {
    s.reset();
    return std::optional<Twin>();
  }
  auto t = twin_at(s);
  if (!t) {
    s.reset();
    return t.error();
  }
  return std::optional<Twin>(std::move(*t));
}

Result<std::optional<Twin>> SyncStore::twin_by_local(Tx&, int64_t connection, const std::string& key) {
  auto r = one_twin(st(Sql::TwinByLocal).bind(1, connection).bind(2, key));
  st(Sql::TwinByLocal).reset();
  return r;
}

Result<std::optional<TwinRef>> SyncStore::twin_ref_by_local(Tx&, int64_t connection, const std::string& key) {
  auto& s = st(Sql::TwinRefByLocal).bind(1, connection).bind(2, key);
  auto row = s.step();
  if (!row) return row.error();
  std::optional<TwinRef> ref;
  if (*row) {
    auto state = twin_state_at(s, 1, s.int64(0));
    if (!state) {
      s.reset();
      return state.error();
    }
    ref = TwinRef{s.int64(0), *state, s.text_or_null(2)};
  }
  s.reset();
  return ref;
}

Result<std::optional<Twin>> SyncStore::twin_by_remote(Tx&, int64_t connection, const std::string& key) {
  auto r = one_twin(st(Sql::TwinByRemote).bind(1, connection).bind(2, key));
  st(Sql::TwinByRemote).reset();
  return r;
}

Result<std::optional<Twin>> SyncStore::twin_by_id(Tx&, int64_t id) {
  auto r = one_twin(st(Sql::TwinById).bind(1, id));
  st(Sql::TwinById).reset();
  return r;
}

Result<std::vector<Twin>> SyncStore::twins(Tx&, int64_t connection) {
  return all_twins(st(Sql::TwinsOfConnection).bind(1, connection));
}

Result<std::vector<std::pair<int64_t, std::string>>> SyncStore::twins_waiting_since(Tx&, int64_t connection,
                                                                                      int64_t created_ms, int max) {
  std::vector<std::pair<int64_t, std::string>> out;
  auto& s = st(Sql::TwinsWaitingSince).bind(1, connection).bind(2, created_ms).bind(3, max);
  auto ok = sqlite::each_row(s, [&](sqlite::Statement& row) { out.emplace_back(row.int64(0), row.text(1)); });
  if (!ok) return ok.error();
  return out;
}

Result<bool> SyncStore::waiting_shown(Tx&, int64_t twin) {
  auto shown = first_int(st(Sql::WaitingShown).bind(1, twin));
  if (!shown) return shown.error();
  return *shown != 0;
}

Status SyncStore::set_waiting_shown(Tx&, int64_t twin, bool shown) {
  return st(Sql::SetWaitingShown).bind(1, twin).bind(2, int64_t{shown ? 1 : 0}).run();
}

Result<std::vector<Twin>> SyncStore::twins_creating(Tx&, int64_t connection) {
  return all_twins(st(Sql::TwinsCreating).bind(1, connection));
}

namespace {

// What inserting and updating a twin write alike: ?2 to ?12 (?1 is its connection or its id).
sqlite::Statement& bind_twin(sqlite::Statement& s, const Twin& t) {
  std::string scratch;  // each bind copies the bytes
  s.bind(2, t.local_key)
      .bind(3, t.remote_key)
      .bind(4, std::string(twin_state_name(t.state)))
      .bind(5, t.reason)
      .bind(6, t.out_seq)
      .bind(7, t.in_seq);
  bind_value(s, 8, t.sent, scratch);
  bind_value(s, 9, t.received, scratch);
  bind_value(s, 10, t.snapshot, scratch);
  return s.bind(11, t.create_marker).bind(12, t.last_sync_ms);
}

}  // namespace

Status SyncStore::insert_twin(Tx&, Twin& t) {
  auto& s = bind_twin(st(Sql::InsertTwin).bind(1, t.connection), t);
  if (auto ok = s.bind(13, now_ms()).run(); !ok) return ok;
  t.id = db_.last_insert_rowid();
  return ok_status();
}

Status SyncStore::update_twin(Tx&, const Twin& t) { return bind_twin(st(Sql::UpdateTwin).bind(1, t.id), t).run(); }

Result<std::map<std::string, int64_t>> SyncStore::twin_counts(Tx&, int64_t connection, int64_t* last_sync_ms) {
  std::map<std::string, int64_t> out;
  // Two reads, each answered by an index alone (twin_state, twin_last_sync): one that read
  // last_sync_ms beside the state would read every twin's row.
  auto ok = sqlite::each_row(st(Sql::CountTwins).bind(1, connection), [&](sqlite::Statement& row) {
    out[row.text(0)] = row.int64(1);
  });
  if (!ok) return ok.error();
  if (last_sync_ms) {
    auto last = first_int(st(Sql::LastSyncMs).bind(1, connection));
    if (!last) return last.error();
    *last_sync_ms = std::max(*last_sync_ms, *last);
  }
  return out;
}

// --- outbox and inbox

Result<Event> SyncStore::append_outbox(Tx&, int64_t connection, const std::string& kind, const std::string& twin_key,
                                       int64_t twin_seq, const std::string& payload) {
  Event e;
  e.id = new_event_id();
  e.kind = kind;
  e.twin_key = twin_key;
  e.twin_seq = twin_seq;
  e.payload = payload;
  e.at_ms = now_ms();
  auto ok = st(Sql::InsertOutbox)
                .bind(1, connection)
                .bind(2, e.id)
                .bind(3, kind)
                .bind(4, twin_key)
                .bind(5, twin_seq)
                .bind(6, sqlite::Blob{payload})
                .bind(7, e.at_ms)
                .run();
  if (!ok) return ok.error();
  e.seq_no = db_.last_insert_rowid();
  return e;
}

Result<std::vector<Event>> SyncStore::read_events(sqlite::Statement& s, bool inbox, bool payload_sizes) {
  return sqlite::all_rows(s, [inbox, payload_sizes](sqlite::Statement& row) {
    Event e;
    e.seq_no = row.int64(0);
    e.id = row.text(1);
    e.kind = row.text(2);
    e.twin_key = row.text(3);
    e.twin_seq = row.int64(4);
    if (payload_sizes) {
      e.payload_bytes = row.int64(5);
    } else {
      e.payload = row.blob(5);
    }
    e.at_ms = row.int64(6);
    if (inbox) {
      e.state = row.text(7);
      e.attempts = static_cast<int>(row.int64(8));
      e.next_attempt_ms = row.int64(9);
      e.origin_ms = row.int64(10);
    }
    return e;
  });
}

Result<std::vector<Event>> SyncStore::pending_outbox(Tx&, int64_t connection, size_t max) {
  return read_events(st(Sql::PendingOutbox).bind(1, connection).bind(2, static_cast<int64_t>(max)), false);
}

Status SyncStore::mark_delivered(Tx&, int64_t connection, const std::vector<std::string>& event_ids) {
  for (const std::string& id : event_ids) {
    if (auto ok = st(Sql::MarkDelivered).bind(1, connection).bind(2, id).run(); !ok) return ok;
  }
  return ok_status();
}

Result<std::optional<Event>> SyncStore::outbox_event(Tx&, int64_t connection, const std::string& event_id) {
  return first_event(read_events(st(Sql::OutboxEvent).bind(1, connection).bind(2, event_id), false));
}

Status SyncStore::refuse_outbox(Tx&, int64_t connection, const std::string& event_id) {
  return st(Sql::RefuseOutbox).bind(1, connection).bind(2, event_id).run();
}

Status SyncStore::rearm_outbox(Tx&, int64_t connection, const std::string& twin_key) {
  return st(Sql::RearmOutbox).bind(1, connection).bind(2, twin_key).run();
}

Status SyncStore::set_outbox_payload(Tx&, int64_t connection, const std::string& event_id, const std::string& payload) {
  return st(Sql::SetOutboxPayload).bind(1, connection).bind(2, event_id).bind(3, sqlite::Blob{payload}).run();
}

Result<int64_t> SyncStore::count_pending_outbox(Tx&, int64_t connection) {
  return first_int(st(Sql::CountPendingOutbox).bind(1, connection));
}

Status SyncStore::accept_inbox(Tx&, int64_t connection, const std::vector<Event>& events) {
  for (const Event& e : events) {
    auto ok = st(Sql::InsertInbox)
                  .bind(1, connection)
                  .bind(2, e.id)
                  .bind(3, e.kind)
                  .bind(4, e.twin_key)
                  .bind(5, e.twin_seq)
                  .bind(6, sqlite::Blob{e.payload})
                  .bind(7, now_ms())
                  .bind(8, e.at_ms)
                  .run();
    if (!ok) return ok;
  }
  return ok_status();
}

Result<std::vector<Event>> SyncStore::ready_inbox(Tx&, int64_t connection, int64_t now, size_t max) {
  return read_events(st(Sql::ReadyInbox).bind(1, connection).bind(2, now).bind(3, static_cast<int64_t>(max)), true);
}

Result<std::vector<Event>> SyncStore::later_inbox(Tx&, int64_t connection, const std::string& twin_key,
                                                  int64_t after_seq, size_t max) {
  return read_events(
      st(Sql::LaterInbox).bind(1, connection).bind(2, twin_key).bind(3, after_seq).bind(4, static_cast<int64_t>(max)),
      /*inbox=*/true, /*payload_sizes=*/true);
}

Result<std::optional<Event>> SyncStore::inbox_event(Tx&, int64_t connection, const std::string& event_id) {
  return first_event(read_events(st(Sql::InboxEvent).bind(1, connection).bind(2, event_id), true));
}

Status SyncStore::update_inbox(Tx&, const Event& e) {
  return st(Sql::UpdateInbox).bind(1, e.seq_no).bind(2, e.state).bind(3, e.attempts).bind(4, e.next_attempt_ms).run();
}

Status SyncStore::rearm_inbox(Tx&, int64_t connection, const std::string& twin_key) {
  return st(Sql::RearmInbox).bind(1, connection).bind(2, twin_key).run();
}

Result<int64_t> SyncStore::count_pending_inbox(Tx&, int64_t connection) {
  return first_int(st(Sql::CountPendingInbox).bind(1, connection));
}

// --- items

Result<std::vector<ItemPair>> SyncStore::items(Tx&, int64_t twin) {
  return sqlite::all_rows(st(Sql::ItemsOfTwin).bind(1, twin), [](sqlite::Statement& row) {
    return ItemPair{row.text(0), row.text(1), row.text_or_null(2), row.int64(3), row.text(4)};
  });
}

Status SyncStore::put_item(Tx&, int64_t twin, const ItemPair& item) {
  return st(Sql::UpsertItem)
      .bind(1, twin)
      .bind(2, item.kind)
      .bind(3, item.remote_id)
      .bind(4, item.local_id)
      .bind(5, item.intent_ms ? item.intent_ms : now_ms())
      .bind(6, item.intent)
      .run();
}

Status SyncStore::delete_item(Tx&, int64_t twin, const std::string& kind, const std::string& remote_id) {
  return st(Sql::DeleteItem).bind(1, twin).bind(2, kind).bind(3, remote_id).run();
}

// --- errors

Result<bool> SyncStore::has_open_error(Tx&, int64_t twin, const std::string& kind, const std::string& message) {
  auto n = first_int(st(Sql::OpenErrorLike).bind(1, twin).bind(2, kind).bind(3, message));
  if (!n) return n.error();
  return *n > 0;
}

Result<int64_t> SyncStore::add_error(Tx&, int64_t connection, int64_t twin, const std::string& direction,
                                     const std::string& event_id, const std::string& kind, const std::string& message) {
  auto ok = st(Sql::InsertError)
                .bind(1, connection)
                .bind(2, twin ? std::optional<int64_t>(twin) : std::nullopt)
                .bind(3, direction)
                .bind(4, event_id.empty() ? std::nullopt : std::optional<std::string>(event_id))
                .bind(5, kind)
                .bind(6, message)
                .bind(7, now_ms())
                .run();
  if (!ok) return ok.error();
  return db_.last_insert_rowid();
}

namespace {

ErrorRecord read_error(sqlite::Statement& s) {
  return ErrorRecord{.id = s.int64(0), .connection = s.text(1), .twin = s.int64(2), .local_key = s.text(3),
                     .remote_key = s.text(4), .direction = s.text(5), .event_id = s.text(6), .kind = s.text(7),
                     .message = s.text(8), .created_ms = s.int64(9), .state = s.text(10)};
}

}  // namespace

Result<std::vector<ErrorRecord>> SyncStore::open_errors(Tx&) {
  auto& s = st(Sql::OpenErrors);
  s.reset();
  return sqlite::all_rows(s, read_error);
}

Result<int64_t> SyncStore::count_open_errors(Tx&, int64_t connection) {
  return first_int(st(Sql::CountOpenErrors).bind(1, connection));
}

Result<std::optional<ErrorRecord>> SyncStore::error_by_id(Tx&, int64_t id) {
  return sqlite::first_row(st(Sql::ErrorById).bind(1, id), read_error);
}

Status SyncStore::set_error_state(Tx&, int64_t id, const std::string& state) {
  return st(Sql::SetErrorState).bind(1, id).bind(2, state).run();
}

Status SyncStore::close_twin_errors(Tx&, int64_t twin, const std::string& state) {
  return st(Sql::CloseTwinErrors).bind(1, twin).bind(2, state).run();
}

// --- watermarks, history, stats

Result<std::optional<int64_t>> SyncStore::load_watermark(Tx&, const std::string& name) {
  return sqlite::first_row(st(Sql::LoadWatermark).bind(1, name), [](sqlite::Statement& row) { return row.int64(0); });
}

Status SyncStore::store_watermark(Tx&, const std::string& name, int64_t value) {
  return st(Sql::StoreWatermark).bind(1, name).bind(2, value).run();
}

Status SyncStore::add_history(Tx&, int64_t connection, int64_t twin, const HistoryEntry& h) {
  return st(Sql::InsertHistory)
      .bind(1, connection)
      .bind(2, twin)
      .bind(3, h.direction)
      .bind(4, h.event_id)
      .bind(5, h.rules_version)
      .bind(6, h.outcome)
      .bind(7, h.fields)
      .bind(8, h.at_ms ? h.at_ms : now_ms())
      .run();
}

Result<std::vector<HistoryEntry>> SyncStore::history(Tx&, int64_t twin) {
  return sqlite::all_rows(st(Sql::HistoryOfTwin).bind(1, twin), [](sqlite::Statement& row) {
    return HistoryEntry{row.int64(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.int64(6)};
  });
}

}  // namespace twinsync::store
