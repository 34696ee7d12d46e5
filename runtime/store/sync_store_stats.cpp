// sync_store_stats.cpp — what operators read and switch: counters per connection and day (and in
// total), the twin synced last, and triggers switched at runtime.
#include "compiler/vm/datetime.h"
#include "runtime/sqlite/rows.h"
#include "runtime/store/sync_store.h"

namespace twinsync::store {

Status SyncStore::add_stat(Tx&, int64_t connection, Stat stat, int64_t delta) {
  const std::string name(stat_name(stat));
  if (auto ok = st(Sql::AddStat).bind(1, name).bind(2, delta).run(); !ok) return ok;
  constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
  return st(Sql::AddDayStat).bind(1, connection).bind(2, datetime::now_ms() / kDayMs).bind(3, name).bind(4, delta).run();
}

Result<std::vector<DayStat>> SyncStore::day_stats(Tx&, int64_t connection, int64_t since_day) {
  return sqlite::all_rows(st(Sql::DayStats).bind(1, connection).bind(2, since_day), [](sqlite::Statement& row) {
    return DayStat{row.int64(0), row.text(1), row.int64(2)};
  });
}

Result<std::optional<std::pair<std::string, int64_t>>> SyncStore::last_synced(Tx&, int64_t connection) {
  return sqlite::first_row(st(Sql::LastSyncedTwin).bind(1, connection), [](sqlite::Statement& row) {
    return std::make_pair(row.text(0), row.int64(1));
  });
}

Result<std::map<std::string, std::pair<bool, std::string>>> SyncStore::trigger_states(Tx&, int64_t connection) {
  std::map<std::string, std::pair<bool, std::string>> out;
  auto ok = sqlite::each_row(st(Sql::TriggerStates).bind(1, connection), [&](sqlite::Statement& row) {
    out[row.text(0)] = {row.int64(1) != 0, row.text(2)};
  });
  if (!ok) return ok.error();
  return out;
}

Status SyncStore::set_trigger_state(Tx&, int64_t connection, const std::string& name, bool active, const std::string& jql) {
  return st(Sql::SetTriggerState).bind(1, connection).bind(2, name).bind(3, int64_t{active}).bind(4, datetime::now_ms()).bind(5, jql).run();
}

Result<std::map<std::string, int64_t>> SyncStore::stats(Tx&) {
  std::map<std::string, int64_t> out;
  auto& s = st(Sql::Stats);
  s.reset();
  auto ok = sqlite::each_row(s, [&](sqlite::Statement& row) { out[row.text(0)] = row.int64(1); });
  if (!ok) return ok.error();
  return out;
}

}  // namespace twinsync::store
