// routes_user.cpp — user look-up and search (by account id, user name, e-mail, display name).
#include "runtime/tracker/groups.h"
#include "runtime/tracker/routes.h"
#include "stdlib/text/text.h"

namespace twinsync::tracker {

namespace {

bool matches(const User& u, const std::string& q) {
  if (q.empty()) return true;
  for (const std::string* field : {&u.display_name, &u.email, &u.name, &u.account_id}) {
    if (text::contains_ignore_case(*field, q)) return true;
  }
  return false;
}

net::HttpResponse search_users(Call& c, bool need_query) {
  auto q = c.param("query");
  if (!q) q = c.param("username");
  if (!q) q = c.param("accountId");
  if (!q && need_query) fail(400, "The query parameter 'query' is required.");
  const std::int64_t start = std::max<std::int64_t>(0, c.int_param("startAt", 0));
  const std::int64_t max = std::clamp<std::int64_t>(c.int_param("maxResults", 50), 0, 1000);
  Json out = Json::array();
  std::int64_t seen = 0;
  for (const User& u : c.s.catalog.users) {
    if (!u.active || !matches(u, q.value_or(""))) continue;
    if (seen++ < start) continue;
    if (static_cast<std::int64_t>(out.size()) >= max) break;
    out.push_back(c.renderer().user(u));
  }
  return json_response(200, out);
}

}  // namespace

void add_user_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/user/search", [](Call& c) { return search_users(c, true); });
  add_route(r, s, "GET", "/rest/api/{v}/user/assignable/search", [](Call& c) { return search_users(c, false); });
  add_route(r, s, "GET", "/rest/api/{v}/users/search", [](Call& c) { return search_users(c, false); });
  add_route(r, s, "GET", "/rest/api/{v}/user", [](Call& c) {
    std::optional<std::string> ident = c.param("accountId");
    if (!ident) ident = c.param("username");
    if (!ident) ident = c.param("key");
    if (!ident) fail(400, "Specify accountId (or username on REST v2).");
    const User* u = c.s.catalog.user_by_any(*ident);
    if (!u) fail(404, "Specified user does not exist or you do not have required permissions");
    return json_response(200, c.renderer().user(*u));
  });
  // Jira's paged group members (Cloud and Data Center 8+): values, isLast.
  add_route(r, s, "GET", "/rest/api/{v}/group/member", [](Call& c) {
    const std::optional<std::string> group = c.param("groupname");
    if (!group) fail(400, "You must specify a group name.");
    auto members = group_members(c.s, *group);
    if (!members) fail(404, "Specified group does not exist.");
    const std::int64_t start = std::max<std::int64_t>(0, c.int_param("startAt", 0));
    const std::int64_t max = std::clamp<std::int64_t>(c.int_param("maxResults", 50), 1, 50);
    Json values = Json::array();
    const auto total = static_cast<std::int64_t>(members->size());
    // `start` is the caller's: compare without adding to it, so a huge one cannot overflow.
    for (std::int64_t i = start; i < total && i - start < max; ++i) values.push_back(c.renderer().user(*(*members)[i]));
    return json_response(200, Json{{"startAt", start}, {"maxResults", max}, {"total", total},
                                   {"isLast", start >= total || total - start <= max}, {"values", values}});
  });
}

}  // namespace twinsync::tracker
