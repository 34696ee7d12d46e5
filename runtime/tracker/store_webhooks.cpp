// store_webhooks.cpp — webhook registrations and their delivery queue in the tracker store.
#include "runtime/tracker/store.h"
#include "runtime/tracker/store_json.h"

namespace twinsync::tracker {

namespace {

Delivery delivery_row(sqlite::Statement& st) {
  return Delivery{.id = st.int64(0), .webhook_id = st.int64(1), .issue_id = st.int64(2), .identifier = st.text(3),
                  .url = st.text(4), .payload = st.text(5), .state = st.text(6), .last_error = st.text(7),
                  .attempts = static_cast<int>(st.int64(8)), .next_attempt = st.int64(9)};
}

}  // namespace

Result<Id> Store::insert_webhook(const Webhook& w) {
  return insert(Sql::insert_webhook, w.name, w.url, w.flavour, w.events.dump(), w.jql,
                w.field_ids_filter.dump(), Id{w.enabled}, w.created, w.expires);
}

Result<std::vector<Webhook>> Store::webhooks() {
  return rows<Webhook>(Sql::all_webhooks, [](auto& st) {
    Webhook w;
    w.id = st.int64(0);
    w.name = st.text(1);
    w.url = st.text(2);
    w.flavour = st.text(3);
    w.events = parse_json(st.text(4));
    w.jql = st.text(5);
    w.field_ids_filter = parse_json(st.text(6));
    w.enabled = st.int64(7) != 0;
    w.created = st.int64(8);
    w.expires = st.int64(9);
    return w;
  });
}

Status Store::delete_webhook(Id id) { return exec(Sql::delete_webhook, id); }

Status Store::refresh_webhook(Id id, std::int64_t expires) { return exec(Sql::refresh_webhook, id, expires); }

Status Store::insert_delivery(Id webhook_id, Id issue_id, const std::string& identifier,
                              const std::string& payload, std::int64_t now) {
  return exec(Sql::insert_delivery, webhook_id, issue_id, identifier, payload, now);
}

Result<std::vector<Delivery>> Store::due_deliveries(std::int64_t now, int limit) {
  return rows<Delivery>(Sql::due_deliveries, delivery_row, now, Id{limit});
}

Result<std::optional<std::int64_t>> Store::next_delivery_time() {
  auto r = row<std::optional<std::int64_t>>(Sql::next_delivery_time, [](auto& st) {
    return st.is_null(0) ? std::optional<std::int64_t>() : std::optional<std::int64_t>(st.int64(0));
  });
  if (!r) return r.error();
  return *r ? **r : std::nullopt;
}

Status Store::finish_delivery(Id id, const std::string& state, const std::string& error) {
  return exec(Sql::finish_delivery, id, state, error);
}

Status Store::retry_delivery(Id id, std::int64_t next_attempt, const std::string& error) {
  return exec(Sql::retry_delivery, id, next_attempt, error);
}

Status Store::prune_deliveries(int keep) { return exec(Sql::prune_deliveries, Id{keep}); }

Result<std::vector<Delivery>> Store::recent_deliveries(int limit) {
  return rows<Delivery>(Sql::recent_deliveries, delivery_row, Id{limit});
}

}  // namespace twinsync::tracker
