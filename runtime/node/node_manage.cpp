// node_manage.cpp — what an administrator looks after day to day: the triggers of a connection
// (switched on and off at runtime) and its statistics.
#include "compiler/vm/datetime.h"
#include "runtime/node/node.h"

namespace twinsync::node {

Result<std::vector<TriggerStatus>> Node::triggers(const std::string& connection, bool count) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection, ErrorKind::NotFound);
  std::vector<TriggerStatus> out;
  for (const auto& t : c->engine->triggers()) {
    TriggerStatus s{t.name, t.jql, t.note, t.active, t.file_active, -1, {}, t.lookups};
    if (count) {
      // The tracker answers with its own JQL: what the trigger would pick up in a bulk now.
      auto keys = port_->search_keys(t.jql);
      if (keys) {
        s.matches = static_cast<int64_t>(keys->size());
      } else {
        s.match_error = keys.error().message;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

Status Node::set_trigger(const std::string& connection, const std::string& name, bool active) {
  Connection* c = find(connection);
  if (!c) return make_error("no connection named " + connection, ErrorKind::NotFound);
  if (auto ok = c->engine->set_trigger_active(name, active); !ok) return ok;
  log(LogEventId::TriggerSwitched, "connection " + connection + ": trigger " + name + (active ? " activated" : " deactivated"),
      connection);
  return ok_status();
}

Result<std::vector<ConnectionStats>> Node::stats(const std::string& connection, int days) {
  if (!connection.empty() && !find(connection)) return make_error("no connection named " + connection, ErrorKind::NotFound);
  if (days < 1 || days > 366) return make_error("stats cover 1 to 366 days", ErrorKind::BadRequest);
  constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
  const int64_t today = datetime::now_ms() / kDayMs;
  std::vector<ConnectionStats> out;
  for (auto& c : connections_) {
    if (!connection.empty() && c->config.name != connection) continue;
    ConnectionStats s;
    s.connection = c->config.name;
    auto tx = store_->begin();
    if (!tx) return tx.error();
    auto counts = store_->twin_counts(*tx, c->engine->id(), &s.last_sync_ms);
    auto last = store_->last_synced(*tx, c->engine->id());
    auto rows = store_->day_stats(*tx, c->engine->id(), 0);
    if (!counts || !last || !rows) return make_error("the store could not be read", ErrorKind::Store);
    (void)tx->commit();
    for (const auto& [state, n] : *counts) s.twins += state == "unexalated" ? 0 : n;
    if (*last) s.last_sync_key = (*last)->first;
    for (const auto& r : *rows) {
      s.total[r.name] += r.value;
      if (r.day > today - days) s.days[r.day][r.name] += r.value;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace twinsync::node
