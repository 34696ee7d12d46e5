// routes_webhook.cpp — webhook registration in both of Jira's shapes: Cloud's dynamic webhooks
// (/rest/api/{v}/webhook, with JQL filter and 30-day expiry) and the Server/DC admin resource
// (/rest/webhooks/1.0/webhook). All of them are for administrators: a registered URL can carry
// its receiver's secret, so listing or deleting webhooks is not for every account.
#include "runtime/net/http.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

constexpr std::int64_t kThirtyDays = 30LL * 24 * 3600 * 1000;
const char* const kEvents[] = {"jira:issue_created", "jira:issue_updated", "jira:issue_deleted",
                               "comment_created",    "comment_updated",    "comment_deleted"};

std::optional<std::string> check_events(const Json& events) {
  if (!events.is_array()) return "events must be an array of event names";
  for (const Json& e : events) {
    if (!e.is_string() || std::find(std::begin(kEvents), std::end(kEvents), e.get<std::string>()) == std::end(kEvents)) {
      return "The event '" + (e.is_string() ? e.get<std::string>() : e.dump()) + "' is not supported";
    }
  }
  return std::nullopt;
}

std::string check_url(const Json& url) {
  if (!url.is_string() || !net::parse_url(url.get<std::string>())) fail(400, "The webhook URL is not a valid http(s) URL.");
  return url.get<std::string>();
}

Json cloud_json(const Webhook& w) {
  Json j{{"id", w.id}, {"url", w.url}, {"events", w.events}, {"jqlFilter", w.jql},
         {"expirationDate", w.expires}};
  if (w.field_ids_filter.is_array() && !w.field_ids_filter.empty()) j["fieldIdsFilter"] = w.field_ids_filter;
  return j;
}

Json server_json(const Call& c, const Webhook& w) {
  return Json{{"name", w.name}, {"url", w.url}, {"excludeBody", false},
              {"filters", {{"issue-related-events-section", w.jql}}}, {"events", w.events},
              {"enabled", w.enabled}, {"self", c.s.base_url + "/rest/webhooks/1.0/webhook/" + std::to_string(w.id)},
              {"lastUpdatedUser", c.actor().name}, {"lastUpdatedDisplayName", c.actor().display_name},
              {"lastUpdated", w.created}};
}

net::HttpResponse register_cloud(Call& c) {
  const Json b = c.body();
  const std::string url = check_url(b.value("url", Json(nullptr)));
  const Json hooks = b.value("webhooks", Json(nullptr));
  if (!hooks.is_array() || hooks.empty()) fail(400, "Specify at least one webhook in 'webhooks'.");
  Json results = Json::array();
  const std::int64_t now = now_ms();
  for (const Json& h : hooks) {
    std::vector<std::string> errors;
    const Json events = h.is_object() ? h.value("events", Json(nullptr)) : Json(nullptr);
    if (auto e = check_events(events)) errors.push_back(*e);
    const Json jql = h.is_object() ? h.value("jqlFilter", Json(nullptr)) : Json(nullptr);
    if (!jql.is_string()) errors.push_back("jqlFilter is required");
    else if (auto q = c.s.jql.compile(c.s, jql.get<std::string>()); !q->ok()) errors.insert(errors.end(), q->errors.begin(), q->errors.end());
    const Json fields = h.is_object() ? h.value("fieldIdsFilter", Json::array()) : Json::array();
    if (!fields.is_array()) errors.push_back("fieldIdsFilter must be an array");
    if (!errors.empty()) {
      results.push_back(Json{{"errors", errors}});
      continue;
    }
    Webhook w;
    w.name = "dynamic webhook";
    w.url = url;
    w.flavour = "cloud";
    w.events = events;
    w.jql = jql.get<std::string>();
    w.field_ids_filter = fields;
    w.created = now;
    w.expires = now + kThirtyDays;
    results.push_back(Json{{"createdWebhookId", must(c.s.store->insert_webhook(w))}});
  }
  return json_response(200, Json{{"webhookRegistrationResult", results}});
}

std::vector<Webhook> of_flavour(Call& c, const std::string& flavour) {
  std::vector<Webhook> out;
  for (Webhook& w : must(c.s.store->webhooks())) {
    if (w.flavour == flavour) out.push_back(std::move(w));
  }
  return out;
}

std::vector<Id> ids_of(const Json& b) {
  const Json ids = b.value("webhookIds", Json(nullptr));
  if (!ids.is_array() || ids.empty()) fail(400, "Specify the webhooks in 'webhookIds'.");
  std::vector<Id> out;
  for (const Json& id : ids) {
    if (!id.is_number_integer()) fail(400, "webhookIds must be numbers");
    out.push_back(id.get<Id>());
  }
  return out;
}

net::HttpResponse register_server(Call& c) {
  const Json b = c.body();
  Webhook w;
  w.url = check_url(b.value("url", Json(nullptr)));
  w.name = b.value("name", Json("")).is_string() ? b.value("name", std::string()) : "";
  w.flavour = "server";
  w.events = b.value("events", Json::array());
  if (auto e = check_events(w.events)) fail(400, *e);
  const Json filters = b.value("filters", Json::object());
  if (filters.is_object() && filters.contains("issue-related-events-section") &&
      filters["issue-related-events-section"].is_string()) {
    w.jql = filters["issue-related-events-section"].get<std::string>();
    if (auto q = c.s.jql.compile(c.s, w.jql); !q->ok()) throw ApiError{400, q->errors, Json::object()};
  }
  w.enabled = b.value("enabled", Json(true)).is_boolean() ? b.value("enabled", true) : true;
  w.created = now_ms();
  w.id = must(c.s.store->insert_webhook(w));
  return json_response(201, server_json(c, w));
}

}  // namespace

void add_webhook_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "POST", "/rest/api/{v}/webhook", register_cloud, Access::Admin);
  add_route(r, s, "GET", "/rest/api/{v}/webhook", [](Call& c) {
    Json values = Json::array();
    for (const Webhook& w : of_flavour(c, "cloud")) values.push_back(cloud_json(w));
    const auto n = static_cast<std::int64_t>(values.size());
    return json_response(200, Json{{"isLast", true}, {"maxResults", std::max<std::int64_t>(n, 100)}, {"startAt", 0},
                                   {"total", n}, {"values", values}});
  }, Access::Admin);
  add_route(r, s, "DELETE", "/rest/api/{v}/webhook", [](Call& c) {
    for (Id id : ids_of(c.body())) must(c.s.store->delete_webhook(id));
    return json_response(202, nullptr);
  }, Access::Admin);
  add_route(r, s, "PUT", "/rest/api/{v}/webhook/refresh", [](Call& c) {
    const std::int64_t expires = now_ms() + kThirtyDays;
    for (Id id : ids_of(c.body())) must(c.s.store->refresh_webhook(id, expires));
    return json_response(200, Json{{"expirationDate", expires}});
  }, Access::Admin);
  add_route(r, s, "GET", "/rest/api/{v}/webhook/failed", [](Call& c) {
    Json values = Json::array();
    for (const Delivery& d : must(c.s.store->recent_deliveries(100))) {
      if (d.state == "failed") values.push_back(Json{{"id", d.identifier}, {"url", d.url}, {"failureTime", d.next_attempt}});
    }
    return json_response(200, Json{{"maxResults", 100}, {"values", values}});
  }, Access::Admin);
  add_route(r, s, "POST", "/rest/webhooks/1.0/webhook", register_server, Access::Admin);
  add_route(r, s, "GET", "/rest/webhooks/1.0/webhook", [](Call& c) {
    Json list = Json::array();
    for (const Webhook& w : of_flavour(c, "server")) list.push_back(server_json(c, w));
    return json_response(200, list);
  }, Access::Admin);
  add_route(r, s, "GET", "/rest/webhooks/1.0/webhook/{id}", [](Call& c) {
    for (const Webhook& w : of_flavour(c, "server")) {
      if (std::to_string(w.id) == c.capture("id")) return json_response(200, server_json(c, w));
    }
    fail(404, "No webhook with id " + c.capture("id"));
  }, Access::Admin);
  add_route(r, s, "DELETE", "/rest/webhooks/1.0/webhook/{id}", [](Call& c) {
    auto id = parse_id(c.capture("id"));
    if (!id) fail(404, "No webhook with id " + c.capture("id"));
    must(c.s.store->delete_webhook(*id));
    return json_response(204, nullptr);
  }, Access::Admin);
}

}  // namespace twinsync::tracker
