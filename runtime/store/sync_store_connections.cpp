// sync_store_connections.cpp — connections in the store: their rows (state, label, deletion) and
// what deleting one ends or removes.
#include "compiler/vm/datetime.h"
#include "runtime/sqlite/rows.h"
#include "runtime/store/sync_store.h"

namespace twinsync::store {

Result<ConnectionRow> SyncStore::ensure_connection(Tx&, const std::string& name) {
  if (auto ok = st(Sql::InsertConnection).bind(1, name).bind(2, datetime::now_ms()).run(); !ok) return ok.error();
  auto& s = st(Sql::ConnectionByName).bind(1, name);
  auto row = s.step();
  if (!row) return row.error();
  ConnectionRow c{s.int64(0), name, s.text(1), s.text(2), s.text(3), s.text(4), s.int64(5)};
  s.reset();
  return c;
}

Result<std::vector<ConnectionRow>> SyncStore::connections(Tx&) {
  auto& s = st(Sql::ConnectionNames);
  s.reset();
  return sqlite::all_rows(s, [](sqlite::Statement& row) {
    return ConnectionRow{row.int64(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.int64(6)};
  });
}

Status SyncStore::set_connection_state(Tx&, int64_t connection, const std::string& state) {
  return st(Sql::SetConnectionState).bind(1, connection).bind(2, state).run();
}

Status SyncStore::set_connection_label(Tx&, int64_t connection, const std::string& title, const std::string& description) {
  return st(Sql::SetConnectionLabel).bind(1, connection).bind(2, title).bind(3, description).run();
}

Status SyncStore::set_connection_deleted(Tx&, int64_t connection, int64_t at_ms) {
  return st(Sql::SetConnectionDeleted).bind(1, connection).bind(2, at_ms).run();
}

Status SyncStore::unexalate_twins(Tx&, int64_t connection, const std::string& reason) {
  if (auto ok = st(Sql::UnexalateTwins).bind(1, connection).bind(2, reason).run(); !ok) return ok;
  return st(Sql::ResolveConnectionErrors).bind(1, connection).run();  // nothing left to retry
}

Status SyncStore::forget_connection(Tx&, int64_t connection) {
  // Items before twins (they name a twin); the rest in any order.
  for (Sql sql : {Sql::ForgetItems, Sql::ForgetHistory, Sql::ForgetErrors, Sql::ForgetOutbox, Sql::ForgetInbox,
                  Sql::ForgetTwins, Sql::ForgetTriggerStates, Sql::ForgetStatDays, Sql::ForgetRuleVersions,
                  Sql::ForgetRulesVersion}) {
    if (auto ok = st(sql).bind(1, connection).run(); !ok) return ok;
  }
  return ok_status();
}

}  // namespace twinsync::store
