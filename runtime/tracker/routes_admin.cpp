// routes_admin.cpp — the tracker's own administration endpoints under /rest/twinsync-admin/1
// (documented in docs/tracker.md): users, tokens, projects, the rate limit, webhook deliveries.
#include "runtime/net/error_status.h"
#include "runtime/tracker/admin_ops.h"
#include "runtime/tracker/routes.h"

namespace twinsync::tracker {

namespace {

std::string str(const Json& b, const char* key) {
  return b.contains(key) && b[key].is_string() ? b[key].get<std::string>() : std::string();
}

}  // namespace

void add_admin_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "POST", "/rest/twinsync-admin/1/user", [](Call& c) {
    const Json b = c.body();
    NewUser n{str(b, "name"), str(b, "emailAddress"), str(b, "displayName"), b.value("admin", Json(false)) == true};
    auto u = create_user(c.s, n);
    if (!u) fail(net::http_status_for(u.error()), u.error().message);
    c.s.reload_catalog();
    return json_response(201, c.renderer().user(*u));
  }, Access::Admin);
  add_route(r, s, "POST", "/rest/twinsync-admin/1/token", [](Call& c) {
    const Json b = c.body();
    std::string account = str(b, "accountId");
    if (account.empty()) {
      const std::string email = str(b, "emailAddress");
      if (email.empty()) fail(400, "a token needs the accountId or the emailAddress of its user");
      const User* u = c.s.catalog.user_by_any(email);
      if (!u) fail(404, "no user with e-mail address " + email);
      account = u->account_id;
    }
    const std::string kind = str(b, "kind").empty() ? "api" : str(b, "kind");
    auto token = create_token(c.s, account, kind, str(b, "label"));
    if (!token) fail(net::http_status_for(token.error()), token.error().message);
    return json_response(201, Json{{"accountId", account}, {"kind", kind}, {"token", *token}});
  }, Access::Admin);
  add_route(r, s, "POST", "/rest/twinsync-admin/1/project", [](Call& c) {
    const Json b = c.body();
    std::string lead = str(b, "leadAccountId");
    if (lead.empty()) lead = c.actor().account_id;
    auto p = create_project(c.s, str(b, "key"), str(b, "name"), lead);
    if (!p) fail(net::http_status_for(p.error()), p.error().message);
    c.s.reload_catalog();
    return json_response(201, c.renderer().project_full(*p));
  }, Access::Admin);
  add_route(r, s, "PUT", "/rest/twinsync-admin/1/rate-limit", [](Call& c) {
    const Json b = c.body();
    const Json rate = b.value("perSecond", Json(nullptr));
    if (!rate.is_number() || rate.get<double>() < 0) fail(400, "perSecond must be a number >= 0 (0: no limit)");
    c.s.limiter.configure(rate.get<double>());
    return json_response(200, Json{{"perSecond", rate}});
  }, Access::Admin);
  add_route(r, s, "GET", "/rest/twinsync-admin/1/webhook-deliveries", [](Call& c) {
    Json list = Json::array();
    const int limit = static_cast<int>(std::clamp<std::int64_t>(c.int_param("limit", 100), 1, 1000));
    for (const Delivery& d : must(c.s.store->recent_deliveries(limit))) {
      list.push_back(Json{{"id", d.id}, {"webhookId", d.webhook_id}, {"issueId", d.issue_id},
                          {"identifier", d.identifier}, {"url", d.url}, {"state", d.state},
                          {"attempts", d.attempts}, {"lastError", d.last_error}});
    }
    return json_response(200, list);
  }, Access::Admin);
}

}  // namespace twinsync::tracker
