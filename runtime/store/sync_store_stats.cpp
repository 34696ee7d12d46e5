// sync_store_stats.cpp — what operators read and switch: counters per connection and day (and in
// total), the twin synced last, and triggers switched at runtime.
#include "compiler/vm/datetime.h"
#include "runtime/store/sync_store.h"

namespace twinsync::store {

Status SyncStore::add_stat(Tx&, int64_t connection, Stat stat, int64_t delta) {
  const std::string name(stat_name(stat));
  if (auto ok = st(Sql::AddStat).bind(1, name).bind(2, delta).run(); !ok) return ok;
  constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
  return st(Sql::AddDayStat).bind(1, connection).bind(2, datetime::now_ms() / kDayMs).bind(3, name).bind(4, delta).run();
}

Result<std::vector<DayStat>> SyncStore::day_stats(Tx&, int64_t connection, int64_t since_day) {
  std::vector<DayStat> out;
  auto& s = st(Sql::DayStats).bind(1, connection).bind(2, since_day);
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back({s.int64(0), s.text(1), s.int64(2)});
  }
  s.reset();
  return out;
}

Result<std::optional<std::pair<std::string, int64_t>>> SyncStore::last_synced(Tx&, int64_t connection) {
  auto& s = st(Sql::LastSyncedTwin).bind(1, connection);
  auto row = s.step();
  if (!row) return row.error();
  std::optional<std::pair<std::string, int64_t>> out;
  if (*row) out = std::make_pair(s.text(0), s.int64(1));
  s.reset();
  return out;
}

Result<std::map<std::string, std::pair<bool, std::string>>> SyncStore::trigger_states(Tx&, int64_t connection) {
  std::map<std::string, std::pair<bool, std::string>> out;
  auto& s = st(Sql::TriggerStates).bind(1, connection);
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    out[s.text(0)] = {s.int64(1) != 0, s.text(2)};
  }
  s.reset();
  return out;
}

Status SyncStore::set_trigger_state(Tx&, int64_t connection, const std::string& name, bool active, const std::string& jql) {
  return st(Sql::SetTriggerState).bind(1, connection).bind(2, name).bind(3, int64_t{active}).bind(4, datetime::now_ms()).bind(5, jql).run();
}

Result<std::map<std::string, int64_t>> SyncStore::stats(Tx&) {
  std::map<std::string, int64_t> out;
  auto& s = st(Sql::Stats);
  s.reset();
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    out[s.text(0)] = s.int64(1);
  }
  s.reset();
  return out;
}

}  // namespace twinsync::store
